/**
 * Splits one line of `policy.csv` into trimmed fields. Double quotes protect
 * commas inside a field (`"a, b"`), and `""` inside quotes is a literal quote.
 * Returns `undefined` when a quote is left open.
 *
 * Hand-written rather than a CSV library so that every policy error can name
 * its line: the policy is split into lines first, and a line is tiny.
 */
export function splitCsvLine(line: string): string[] | undefined {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      wasQuoted = true;
      field = '';
    } else if (ch === ',') {
      fields.push(wasQuoted ? field : field.trim());
      field = '';
      wasQuoted = false;
    } else if (!wasQuoted) {
      field += ch;
    }
  }
  if (quoted) return undefined;
  fields.push(wasQuoted ? field : field.trim());
  return fields;
}
