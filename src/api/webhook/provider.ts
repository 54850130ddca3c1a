import type { PushEvent, WebhookProvider, WebhookRequest } from './types.js';

/** How one Git host announces, signs and shapes its push webhooks. */
export interface ProviderSpec {
  readonly provider: WebhookProvider;
  /** The header naming the event; its presence identifies the provider. */
  readonly eventHeader: string;
  /** `undefined` when the event is a push to parse, otherwise why it is ignored. */
  ignoredReason(event: string): string | undefined;
  /** Throws `WebhookSignatureError` when the delivery is not signed with `secret`. */
  verify(request: WebhookRequest, body: Buffer, secret: string): void;
  /** Throws `WebhookPayloadError` when the payload is not a push of this provider. */
  parse(payload: unknown, event: string): PushEvent[];
}
