import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTeamsLocalSource } from '../../../extension/sources/teams-local';
import type { TeamsLocalSnapshot, TeamsLocalSource } from '../../../extension/sources/teams-local';
import type { CallAction, Reaction } from '../../../extension/shared/messages';
import { fakeSocketFactory } from './fake-socket';
import type { FakeSocket } from './fake-socket';
import { ManualClock } from './manual-clock';

/** One recorded session of the real Teams API (see the fixtures' README). */
export interface Capture {
  file: string;
  mode: string;
  identity: { manufacturer: string; device: string; app: string; appVersion: string };
  messages: { t: string; direction: 'in' | 'out'; payload: Record<string, unknown> }[];
  events: { t: string; event: string; urlWithoutToken?: string; tokenPresent?: boolean; changed?: string[] }[];
}

/** The real captures, kept in the repository so a fresh clone tests against them (see its README). */
export const CAPTURES_DIR = fileURLToPath(new URL('../../fixtures/teams-local-api/', import.meta.url));

/** Redacted tokens become a fixed UUID, like the ones Teams issues. */
export const ISSUED_TOKEN = '6f1d1c1e-3a52-4c8e-9d1b-0b7e2a9c4f10';

export function loadCaptures(): Capture[] {
  const files = readdirSync(CAPTURES_DIR).filter((f) => f.endsWith('.json')).sort();
  return files.map((file) => {
    const text = readFileSync(`${CAPTURES_DIR}${file}`, 'utf8').replace(/<redacted:36>/g, ISSUED_TOKEN);
    return { file, ...(JSON.parse(text) as Omit<Capture, 'file'>) };
  });
}

/** The CallAction a captured out frame came from (pair is handled separately). */
export function actionOf(payload: Record<string, unknown>): CallAction {
  const params = (payload.parameters ?? {}) as { type?: string };
  switch (payload.action) {
    case 'send-reaction':
      return { kind: 'send-reaction', reaction: params.type as Reaction };
    case 'toggle-mute':
    case 'toggle-video':
    case 'toggle-hand':
    case 'toggle-background-blur':
    case 'leave-call':
      return { kind: payload.action };
    default:
      throw new Error(`no CallAction for captured action ${String(payload.action)}`);
  }
}

export interface ReplayRig {
  client: TeamsLocalSource;
  clock: ManualClock;
  sockets: FakeSocket[];
  saved: (string | null)[];
  logs: string[];
  changes: TeamsLocalSnapshot[];
  current(): FakeSocket;
}

/** A client on fake sockets and a manual clock, with a token store holding `token`. */
export async function startRig(token: string | null, appVersion = '1.2.3'): Promise<ReplayRig> {
  const clock = new ManualClock();
  const { createSocket, sockets } = fakeSocketFactory();
  const saved: (string | null)[] = [];
  const logs: string[] = [];
  const changes: TeamsLocalSnapshot[] = [];
  const client = createTeamsLocalSource({
    createSocket,
    clock,
    appVersion,
    loadToken: () => Promise.resolve(token),
    saveToken: (t) => {
      saved.push(t);
      return Promise.resolve();
    },
    log: (m) => logs.push(m),
  });
  client.onChange((s) => changes.push(s));
  await client.start();
  const current = () => {
    const socket = sockets.at(-1);
    if (!socket) throw new Error('the client opened no socket');
    return socket;
  };
  return { client, clock, sockets, saved, logs, changes, current };
}
