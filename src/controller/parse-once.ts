/**
 * Parses each version of a named object once: the informers hand out the
 * same object until it changes, so a resync of an unchanged fleet parses
 * nothing. Parsing an Application (schema check, then defaults on a copy)
 * was a quarter of the idle controller's CPU.
 *
 * Keyed by name, holding only the latest version: an older version's
 * result goes as soon as a newer one is parsed (a WeakMap by object would
 * keep every superseded version until a full collection). Failures are not
 * remembered: they rethrow on every call. Callers must treat results as
 * read-only, as their types say: they are shared by later calls.
 */
export class ParsedObjects<T> {
  private readonly latest = new Map<string, { readonly raw: object; readonly value: T }>();

  constructor(private readonly parse: (value: unknown) => T) {}

  get(name: string, raw: object): T {
    const known = this.latest.get(name);
    if (known?.raw === raw) return known.value;
    const value = this.parse(raw);
    this.latest.set(name, { raw, value });
    return value;
  }

  forget(name: string): void {
    this.latest.delete(name);
  }
}
