import { ORG_LIMITS, parseWire, ROSTER_COLUMNS, rosterPersonSchema, type RosterPerson, type RosterRejection } from '../../core';
import { HttpError } from '../http/http-error';
import { CsvError, parseCsv } from './csv';

/** A valid row with its number (CSV: from 1 after the header; JSON: the array index). */
export interface RosterRow {
  row: number;
  person: RosterPerson;
}

export interface RosterInput {
  rows: RosterRow[];
  rejected: RosterRejection[];
}

type Raw = { row: number; value: unknown };

/** Checks each row on its own and drops later rows repeating an email: first one wins, the others are listed. */
function check(raws: Raw[]): RosterInput {
  const rows: RosterRow[] = [];
  const rejected: RosterRejection[] = [];
  const seen = new Map<string, number>();
  for (const { row, value } of raws) {
    const r = parseWire(rosterPersonSchema, value);
    if (!r.ok) {
      rejected.push({ row, field: r.field ?? 'row', message: r.message });
      continue;
    }
    const first = seen.get(r.value.email);
    if (first !== undefined) {
      rejected.push({ row, field: 'email', message: `email ${r.value.email} already appears in row ${first}` });
      continue;
    }
    seen.set(r.value.email, row);
    rows.push({ row, person: r.value });
  }
  if (raws.length > ORG_LIMITS.rosterRows) throw new HttpError('invalid_field', `a roster import holds at most ${ORG_LIMITS.rosterRows} rows`, 'people');
  return { rows, rejected };
}

/** Column names are matched case-insensitively and without spaces ("Display name" is displayName). */
function columnOf(header: string): (typeof ROSTER_COLUMNS)[number] | null {
  const key = header.trim().toLowerCase().replace(/[\s_-]+/g, '');
  return ROSTER_COLUMNS.find((c) => c.toLowerCase() === key) ?? null;
}

export function rosterFromCsv(text: string): RosterInput {
  let table: string[][];
  try {
    table = parseCsv(text);
  } catch (err) {
    if (err instanceof CsvError) throw new HttpError('invalid_csv', `the body is not CSV: ${err.message}`);
    throw err;
  }
  const header = table[0];
  if (!header || header.every((h) => h.trim() === '')) throw new HttpError('invalid_csv', 'the CSV body is empty: a header row naming email and displayName is required');
  const columns = header.map(columnOf);
  for (const required of ['email', 'displayName'] as const) {
    if (!columns.includes(required)) throw new HttpError('invalid_csv', `the header row has no ${required} column (it has: ${header.join(', ').slice(0, 200)})`, required);
  }
  const raws: Raw[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.length === 1 && cells[0]!.trim() === '') return;
    const value: Record<string, string> = {};
    columns.forEach((column, c) => {
      const cell = cells[c]?.trim() ?? '';
      // An empty optional cell means "not given", so it cannot fail the row.
      if (column && (cell !== '' || column === 'email' || column === 'displayName')) value[column] = cell;
    });
    raws.push({ row: i + 1, value });
  });
  return check(raws);
}

export function rosterFromJson(body: Record<string, unknown>): RosterInput {
  const extra = Object.keys(body).find((k) => k !== 'people');
  if (extra) throw new HttpError('invalid_field', `${extra} is not a field here; the body is {"people": [...]}`, extra);
  if (!Array.isArray(body.people)) throw new HttpError('invalid_field', 'people must be an array of {email, displayName, entraId?, department?}', 'people');
  return check(body.people.map((value: unknown, row) => ({ row, value })));
}
