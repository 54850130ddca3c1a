/**
 * Wraps a parser so each object is parsed once: the informers hand out the
 * same object until it changes, so a resync of an unchanged fleet parses
 * nothing. Parsing an Application (schema check, then defaults on a copy of
 * the whole object, status included) was a quarter of the idle controller's
 * CPU. Failures are not remembered: they rethrow on every call.
 *
 * Callers must treat the result as read-only, as its type says: it is
 * shared by every later call with the same object.
 */
export function parseOnce<T>(parse: (value: unknown) => T): (raw: object) => T {
  const parsed = new WeakMap<object, T>();
  return (raw) => {
    const known = parsed.get(raw);
    if (known !== undefined) return known;
    const value = parse(raw);
    parsed.set(raw, value);
    return value;
  };
}
