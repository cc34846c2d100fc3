import { render, type ComponentChildren } from 'preact';
import { teamsWebLine } from '../../extension/background/teams-web-source';
import { teamsLocalLine } from '../../extension/sources/teams-local/source';
import { act } from 'preact/test-utils';
import type { ResolvedStatus } from '../../core';
import type { ExtensionMessages, Handlers, MessageType, PopupState } from '../../extension/shared/messages';
import { UiEnvProvider, type SendFn, type UiEnv } from '../../extension/ui/ui-env';

/** A message the page sent, as the worker would have received it. */
export interface SentMessage {
  type: MessageType;
  payload: unknown;
}

/** A fake worker: answers from the given handlers, records every message, fails loudly on others. */
export function fakeWorker(handlers: Partial<Handlers>): { send: SendFn; sent: SentMessage[]; of: (type: MessageType) => unknown[] } {
  const sent: SentMessage[] = [];
  const send = (async (type: MessageType, payload: unknown) => {
    sent.push({ type, payload });
    const handler = handlers[type] as ((p: unknown) => Promise<unknown>) | undefined;
    if (!handler) return { ok: false, error: `fake worker has no ${type} handler` };
    return handler(payload);
  }) as SendFn;
  return { send, sent, of: (type) => sent.filter((m) => m.type === type).map((m) => m.payload) };
}

export const ok = <T extends object>(body: T) => Promise.resolve({ ok: true as const, ...body }) as never;

export const NOW = Date.parse('2026-11-25T11:30:00Z');

export function testEnv(send: SendFn, extra: Partial<UiEnv> = {}): UiEnv {
  return { send, now: () => NOW, copyText: async () => undefined, timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone, requestRelayAccess: async () => true, requestHostAccess: async () => true, ...extra };
}

/** Renders into a fresh container in happy-dom; `unmount()` removes it (stops polling). */
export async function mount(children: ComponentChildren, env: UiEnv): Promise<{ root: HTMLElement; unmount: () => void }> {
  const root = document.createElement('div');
  document.body.append(root);
  await act(() => render(<UiEnvProvider env={env}>{children}</UiEnvProvider>, root));
  await settle();
  return {
    root,
    unmount: () => {
      render(null, root);
      root.remove();
    },
  };
}

/** Lets pending replies and the renders they cause finish. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await act(() => new Promise<void>((r) => setTimeout(r, 0)));
}

/** Waits (bounded) until `check` stops throwing; for things that arrive after a timer. */
export async function until(check: () => void, deadlineMs = 3000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      return check();
    } catch (err) {
      if (Date.now() > end) throw err;
      await settle(1);
    }
  }
}

export async function click(el: Element): Promise<void> {
  await act(() => (el as HTMLElement).click());
  await settle();
}

export async function type(el: Element, value: string): Promise<void> {
  const input = el as HTMLInputElement;
  await act(() => {
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

export async function submit(form: Element): Promise<void> {
  await act(() => {
    form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await settle();
}

/** Accessible name as our components give it: aria-label, else the text outside aria-hidden parts. */
export function nameOf(el: Element): string {
  const label = el.getAttribute('aria-label');
  if (label !== null) return label.trim();
  const copy = el.cloneNode(true) as Element;
  copy.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

export function buttons(root: Element, name: string | RegExp): HTMLButtonElement[] {
  return [...root.querySelectorAll('button')].filter((b) => (typeof name === 'string' ? nameOf(b) === name : name.test(nameOf(b))));
}

export function button(root: Element, name: string | RegExp): HTMLButtonElement {
  const found = buttons(root, name);
  if (found.length !== 1) throw new Error(`expected one button named ${String(name)}, found ${found.length}: ${[...root.querySelectorAll('button')].map(nameOf).join(' | ')}`);
  return found[0]!;
}

/** The control a <label> with exactly this text points at (for=, or nested). */
export function byLabel(root: Element, text: string): HTMLInputElement {
  const label = [...root.querySelectorAll('label')].find((l) => (l.textContent ?? '').trim() === text || l.firstChild?.textContent?.trim() === text);
  if (!label) throw new Error(`no label "${text}"`);
  const forId = label.getAttribute('for');
  const control = forId ? root.querySelector(`#${forId}`) : label.querySelector('input, select, textarea');
  if (!control) throw new Error(`label "${text}" points at nothing`);
  return control as HTMLInputElement;
}

export function alertText(root: Element): string {
  return [...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent ?? '').join(' ');
}

export function status(overrides: Partial<ResolvedStatus> = {}): ResolvedStatus {
  return {
    availability: 'Busy',
    activity: 'InAMeeting',
    label: 'In a meeting',
    source: 'teams-web',
    stale: false,
    call: { inCall: true, muted: false, camera: true },
    calendar: null,
    message: null,
    since: '2026-11-25T11:05:00Z',
    updatedAt: '2026-11-25T11:29:40Z',
    seq: 7,
    ...overrides,
  };
}

export function popupState(overrides: Partial<PopupState> = {}): PopupState {
  return {
    status: status(),
    health: {
      sources: [teamsLocalLine('off', null), teamsWebLine('in-call', null)],
      teamsLocal: { state: 'off', canPair: false, detail: null },
      teamsWeb: { state: 'in-call', detail: null },
      relay: { state: 'synced', queued: 0, detail: null },
    },
    call: null,
    manual: null,
    share: { url: 'http://127.0.0.1:8080/s/abc123', level: 'basic' },
    calendarPausedUntil: null,
    lastError: null,
    ...overrides,
  };
}

export type Reply<K extends MessageType> = ExtensionMessages[K]['response'];
