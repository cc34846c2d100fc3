/** Thrown when the text cannot be CSV at all (an unterminated quote, a NUL byte). */
export class CsvError extends Error {
  override name = 'CsvError';
}

/**
 * RFC 4180 CSV: fields in double quotes may hold commas, quotes ("") and line breaks; lines end
 * in CRLF or LF; a leading byte-order mark (spreadsheets write one) is dropped. Returns the rows
 * as written, blank lines included as [''], so row numbers match what the sender sees.
 */
export function parseCsv(input: string): string[][] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (text.includes('\u0000')) throw new CsvError('the body holds NUL bytes: it is not text');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (quoted) throw new CsvError(`a quoted field opened on row ${rows.length} is never closed`);
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
