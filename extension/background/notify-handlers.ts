import type { Handlers } from '../shared/messages';
import type { NotifyMessages } from '../shared/notify-messages';
import type { Worker } from './worker';

type NotifyHandlers = Pick<Handlers, keyof NotifyMessages>;

const fail = (err: unknown): { ok: false; error: string } => ({ ok: false, error: err instanceof Error ? err.message : String(err) });

/** The notification messages: each one call (or a few) to the person's relay, failures in words. */
export function createNotifyHandlers(ready: Promise<Worker>): NotifyHandlers {
  const api = async () => (await ready).relay.notifications();
  const run = async <T extends object>(fn: () => Promise<T>) => {
    try {
      return { ok: true as const, ...(await fn()) };
    } catch (err) {
      return fail(err);
    }
  };
  const none = {} as Record<string, never>;
  return {
    getNotifications: () => run(async () => ({ overview: await (await api()).overview() })),
    addChannel: (input) => run(async () => (await api()).addChannel(input)),
    removeChannel: ({ id }) => run(async () => ((await (await api()).removeChannel(id)), none)),
    testChannel: ({ id }) => run(async () => ((await (await api()).testChannel(id)), none)),
    setRules: ({ rules }) => run(async () => ((await (await api()).setRules(rules)), none)),
    removeWatch: ({ id }) => run(async () => ((await (await api()).removeWatch(id)), none)),
  };
}
