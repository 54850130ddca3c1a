import { isRecord } from '../core/index.js';

/**
 * A structural prediction of what applying `desired` onto `live` yields,
 * for objects the server-side dry run cannot predict. Maps merge
 * recursively (fields only live has, such as defaults and fields of other
 * managers, are kept); lists whose desired elements all have a `name` merge
 * by name; other lists merge element by element when the lengths agree and
 * are otherwise replaced by the desired list; scalars come from `desired`.
 * Unlike server-side apply it cannot tell which live fields a removed
 * desired field leaves behind.
 */
export function overlay(live: unknown, desired: unknown): unknown {
  if (isRecord(live) && isRecord(desired)) {
    const out: Record<string, unknown> = { ...live };
    for (const [k, v] of Object.entries(desired)) out[k] = overlay(live[k], v);
    return out;
  }
  if (Array.isArray(live) && Array.isArray(desired)) {
    const named = desired.every((el) => isRecord(el) && typeof el.name === 'string');
    if (named && desired.length > 0) {
      return desired.map((el) => {
        const match = live.find((l) => isRecord(l) && isRecord(el) && l.name === el.name);
        return match === undefined ? el : overlay(match, el);
      });
    }
    if (live.length === desired.length) return desired.map((el, i) => overlay(live[i], el));
  }
  return desired;
}
