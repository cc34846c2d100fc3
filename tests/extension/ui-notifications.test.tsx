// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { ChannelInput, Rule } from '../../core';
import { NotificationsCard } from '../../extension/options/notifications-card';
import type { NotifyOverview } from '../../extension/shared/notify-messages';
import { alertText, button, byLabel, click, fakeWorker, mount, ok, submit, testEnv, type, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

const AT = '2026-11-25T10:04:00.000Z';

/** A fake worker holding notification settings as the relay would. */
function notifyWorker(initial: Partial<NotifyOverview> = {}) {
  const state: NotifyOverview = { channels: [], rules: [], watches: [], ...initial };
  const worker = fakeWorker({
    getNotifications: () => ok({ overview: structuredClone(state) }),
    addChannel: async (input: ChannelInput) => {
      const id = `ch_${state.channels.length + 1}`;
      state.channels.push({ id, type: input.type, name: null, target: 'url' in input ? input.url : 'push', createdAt: AT, disabled: null, deliveries: [] });
      return { ok: true, id, ...(input.type === 'webhook' ? { secret: 'whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0' } : {}) };
    },
    setRules: async ({ rules }: { rules: Rule[] }) => ((state.rules = rules), { ok: true } as never),
    removeWatch: async ({ id }: { id: string }) => ((state.watches = state.watches.filter((w) => w.id !== id)), { ok: true } as never),
    testChannel: () => ok({}),
    removeChannel: async ({ id }: { id: string }) => ((state.channels = state.channels.filter((c) => c.id !== id)), { ok: true } as never),
  });
  return { ...worker, state };
}

async function card(worker: ReturnType<typeof notifyWorker>) {
  const { root, unmount } = await mount(<NotificationsCard />, testEnv(worker.send, { timeZone: 'UTC' }));
  mounted.push(unmount);
  await until(() => expect(root.textContent).not.toContain('Loading…'));
  return root;
}

describe('options: notifications', () => {
  it('shows each channel with its last delivery in words, and its rules as labelled checkboxes', async () => {
    const worker = notifyWorker({
      channels: [
        { id: 'ch_1', type: 'ntfy', name: null, target: 'https://ntfy.sh/ada', createdAt: AT, disabled: null, deliveries: [{ eventId: 'e1', at: AT, state: 'retrying', attempts: 2, lastError: 'the receiver answered HTTP 503' }] },
      ],
      rules: [{ channelId: 'ch_1', when: 'available' }],
    });
    const root = await card(worker);
    expect(root.textContent).toContain('ntfy topic');
    expect(root.textContent).toContain('Last try at 10:04 failed (the receiver answered HTTP 503); trying again.');
    const available = byLabel(root, 'I become available');
    expect(available.checked).toBe(true);
    await click(byLabel(root, 'a call starts'));
    expect(worker.of('setRules')).toEqual([{ rules: [{ channelId: 'ch_1', when: 'available' }, { channelId: 'ch_1', when: 'call-started' }] }]);
    await click(available);
    expect(worker.state.rules).toEqual([{ channelId: 'ch_1', when: 'call-started' }]);
    await click(button(root, 'Send a test to ntfy topic https://ntfy.sh/ada'));
    expect(worker.of('testChannel')).toEqual([{ id: 'ch_1' }]);
    expect(root.textContent).toContain('Test sent to ntfy topic https://ntfy.sh/ada.');
  });

  it('adds a webhook and shows its signing secret once; a bad address is refused before anything is sent', async () => {
    const worker = notifyWorker();
    const root = await card(worker);
    expect(root.textContent).toContain('No channels yet.');
    const kind = byLabel(root, 'Kind') as unknown as HTMLSelectElement;
    kind.value = 'webhook';
    kind.dispatchEvent(new Event('change', { bubbles: true }));
    await type(byLabel(root, 'Address'), 'hooks.example.com');
    await submit(root.querySelector('form.channel-form')!);
    expect(root.textContent).toContain('Enter the full address, starting with https://.');
    expect(worker.of('addChannel')).toEqual([]);
    await type(byLabel(root, 'Address'), 'https://hooks.example.com/ts');
    await submit(root.querySelector('form.channel-form')!);
    expect(worker.of('addChannel')).toEqual([{ type: 'webhook', url: 'https://hooks.example.com/ts' }]);
    await until(() => expect(root.textContent).toContain('Its signing secret, shown only now: whsec_c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0'));
    await until(() => expect(root.textContent).toContain('Nothing sent yet.'));
  });

  it('lists the watches on the link in words and removes one', async () => {
    const worker = notifyWorker({ watches: [{ id: 'w_1', when: 'available', channel: { type: 'ntfy', target: 'https://ntfy.sh/x' }, createdAt: AT, expiresAt: '2026-11-25T18:00:00.000Z' }] });
    const root = await card(worker);
    const words = 'Someone wants to know when you are free (by ntfy), until 18:00.';
    expect(root.textContent).toContain(words);
    await click(button(root, `Remove: ${words}`));
    expect(worker.of('removeWatch')).toEqual([{ id: 'w_1' }]);
    await until(() => expect(root.textContent).toContain('Nobody is waiting to hear when you are free.'));
  });

  it('a channel the relay turned off says why and offers no test', async () => {
    const worker = notifyWorker({ channels: [{ id: 'ch_1', type: 'web-push', name: null, target: 'https://push.example', createdAt: AT, disabled: { reason: 'the browser withdrew this push subscription', at: AT }, deliveries: [] }] });
    const root = await card(worker);
    expect(root.textContent).toContain('Off: the browser withdrew this push subscription');
    expect(button(root, 'Send a test to Browser notifications https://push.example').disabled).toBe(true);
  });

  it('says in words when the settings cannot be read', async () => {
    const worker = fakeWorker({ getNotifications: async () => ({ ok: false, error: 'The relay at https://r.example could not be reached (fetch failed).' }) });
    const { root, unmount } = await mount(<NotificationsCard />, testEnv(worker.send));
    mounted.push(unmount);
    await until(() => expect(alertText(root)).toContain('Cannot read your notification settings: The relay at https://r.example could not be reached (fetch failed).'));
  });
});

describe('popup: notifications line', () => {
  it('says who is waiting and which channel is failing; says nothing when all is quiet', async () => {
    const { NotifySummary } = await import('../../extension/popup/notify-summary');
    const busy = notifyWorker({
      watches: [{ id: 'w_1', when: 'call-ended', channel: { type: 'web-push', target: 'https://push.example' }, createdAt: AT, expiresAt: '2026-11-25T12:00:00.000Z' }],
      channels: [
        { id: 'ch_1', type: 'teams-workflow', name: null, target: 'https://flow.example', createdAt: AT, disabled: null, deliveries: [{ eventId: 'e', at: AT, state: 'dead', attempts: 8, lastError: 'the receiver answered HTTP 404' }] },
        { id: 'ch_2', type: 'ntfy', name: null, target: 'https://ntfy.sh/ok', createdAt: AT, disabled: null, deliveries: [{ eventId: 'e', at: AT, state: 'delivered', attempts: 1 }] },
      ],
    });
    const one = await mount(<NotifySummary />, testEnv(busy.send, { timeZone: 'UTC' }));
    mounted.push(one.unmount);
    await until(() => expect(one.root.textContent).toContain('Someone wants to know when your call ends (in their browser), until 12:00.'));
    expect(one.root.textContent).toContain('Teams channel (Workflows): Gave up at 10:04 after 8 tries: the receiver answered HTTP 404.');
    expect(one.root.textContent).not.toContain('ntfy');
    const quiet = await mount(<NotifySummary />, testEnv(notifyWorker().send));
    mounted.push(quiet.unmount);
    expect(quiet.root.textContent).toBe('');
  });
});
