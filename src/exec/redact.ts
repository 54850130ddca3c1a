/**
 * Replaces every occurrence of each secret in `text` with `***`. Secrets
 * shorter than 4 characters are ignored so that redaction cannot make every
 * message unreadable by masking single letters.
 */
export function redact(text: string, secrets: readonly string[] | undefined): string {
  if (!secrets) return text;
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    out = out.split(secret).join('***');
    // URL-encoded forms appear in git and helm messages that echo URLs.
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join('***');
  }
  return out;
}
