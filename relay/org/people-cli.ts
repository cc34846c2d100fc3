// `npm run relay -- people …`: the roster from a terminal, through the running relay's admin API.
import { readFile } from 'node:fs/promises';
import type { InviteResponse, Page, RosterImportResult, RosterItem } from '../../core';
import { parseCsv } from './csv';

const USAGE = `usage: npm run relay -- people <command>
  import FILE.csv|FILE.json [--prune]   add or update everyone in the file (--prune: remove the rest)
  list                                  print the roster
  remove EMAIL                          remove a person (status, history and token too)
  invite EMAIL                          print a one-time link that lets the person join
environment: RELAY_URL (http://127.0.0.1:8787), RELAY_ADMIN_TOKEN (required)`;

/** Rows per request when importing without --prune, so the progress bar moves. */
const CHUNK_ROWS = 1000;

export class CliError extends Error {}

export interface Api {
  call(method: string, path: string, body?: string, type?: string): Promise<unknown>;
}

export function api(): Api {
  const base = (process.env.RELAY_URL?.trim() || `http://127.0.0.1:${process.env.PORT?.trim() || '8787'}`).replace(/\/+$/, '');
  const token = process.env.RELAY_ADMIN_TOKEN?.trim();
  if (!token) throw new CliError('RELAY_ADMIN_TOKEN is not set: the people commands act as the relay admin');
  return {
    async call(method, path, body, type) {
      let res: Response;
      try {
        res = await fetch(`${base}${path}`, { method, body, headers: { authorization: `Bearer ${token}`, ...(type ? { 'content-type': type } : {}) } });
      } catch (err) {
        throw new CliError(`cannot reach the relay at ${base}: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (res.status === 204) return null;
      const json = (await res.json().catch(() => null)) as { error?: { message: string } } | null;
      if (!res.ok) throw new CliError(`the relay answered ${res.status}: ${json?.error?.message ?? 'no details'}`);
      return json;
    },
  };
}

function progress(done: number, total: number): void {
  const width = 30;
  const filled = total === 0 ? width : Math.round((done / total) * width);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} rows`;
  if (process.stderr.isTTY) process.stderr.write(`\r${bar}${done === total ? '\n' : ''}`);
  else if (done === total) process.stderr.write(`${bar}\n`);
}

const cell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

async function importFile(a: Api, file: string, prune: boolean): Promise<void> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    throw new CliError(`cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const json = file.toLowerCase().endsWith('.json');
  const total: RosterImportResult = { created: 0, updated: 0, unchanged: 0, removed: 0, rejected: [] };
  // One request when pruning (the relay must see everyone at once) or for JSON; else chunks.
  const table = json ? [] : parseCsv(text);
  const [header = [], ...rows] = table;
  const chunks = json || prune ? [{ start: 0, body: text }] : [];
  if (!json && !prune) {
    for (let start = 0; start < rows.length || start === 0; start += CHUNK_ROWS) {
      const lines = [header, ...rows.slice(start, start + CHUNK_ROWS)].map((r) => r.map(cell).join(','));
      chunks.push({ start, body: `${lines.join('\r\n')}\r\n` });
    }
  }
  const count = json ? 0 : rows.length;
  progress(0, count);
  for (const chunk of chunks) {
    const r = (await a.call('PUT', `/api/v1/org/people${prune ? '?prune=true' : ''}`, chunk.body, json ? 'application/json' : 'text/csv')) as RosterImportResult;
    total.created += r.created;
    total.updated += r.updated;
    total.unchanged += r.unchanged;
    total.removed += r.removed;
    total.rejected.push(...r.rejected.map((x) => ({ ...x, row: x.row + chunk.start })));
    progress(Math.min(count, chunk.start + CHUNK_ROWS), count);
  }
  console.log(`created ${total.created}, updated ${total.updated}, unchanged ${total.unchanged}, removed ${total.removed}, rejected ${total.rejected.length}`);
  for (const r of total.rejected) console.log(`  row ${r.row}: ${r.message}`);
}

async function list(a: Api): Promise<void> {
  for (let page = 0; ; page++) {
    const p = (await a.call('GET', `/api/v1/org/people?page=${page}&pageSize=1000`)) as Page<RosterItem>;
    for (const person of p.items) console.log([person.email, person.displayName, person.department ?? '', person.linked ? 'linked' : 'not linked'].join('\t'));
    if ((page + 1) * p.pageSize >= p.total) return console.log(`${p.total} people`);
  }
}

export async function peopleCli(args: string[]): Promise<number> {
  const [command, arg, ...rest] = args;
  try {
    if (command === 'import' && arg) await importFile(api(), arg, rest.includes('--prune'));
    else if (command === 'list') await list(api());
    else if (command === 'remove' && arg) {
      await api().call('DELETE', `/api/v1/org/people/${encodeURIComponent(arg)}`);
      console.log(`removed ${arg}`);
    } else if (command === 'invite' && arg) {
      const invite = (await api().call('POST', `/api/v1/org/people/${encodeURIComponent(arg)}/invite`, '{}', 'application/json')) as InviteResponse;
      console.log(`invite link for ${arg} (one use, until ${invite.expiresAt}):\n${invite.url}`);
    } else {
      console.error(USAGE);
      return 2;
    }
    return 0;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    console.error(`people: ${err.message}`);
    return 1;
  }
}
