import type { WebhookRequest } from './types.js';

/** A header's value, looked up case-insensitively; the first one when repeated. */
export function header(request: WebhookRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return typeof value === 'string' ? value : value[0];
  }
  return undefined;
}

/** The body as bytes, for signatures. */
export function bodyBytes(request: WebhookRequest): Buffer {
  return typeof request.body === 'string'
    ? Buffer.from(request.body, 'utf8')
    : Buffer.from(request.body.buffer, request.body.byteOffset, request.body.byteLength);
}

/**
 * The JSON text of the body. GitHub and Gitea can also deliver
 * `application/x-www-form-urlencoded` with the JSON in a `payload` field.
 */
export function bodyJsonText(request: WebhookRequest, bytes: Buffer): string | undefined {
  const type = header(request, 'content-type') ?? '';
  if (type.toLowerCase().startsWith('application/x-www-form-urlencoded'))
    return new URLSearchParams(bytes.toString('utf8')).get('payload') ?? undefined;
  return bytes.toString('utf8');
}
