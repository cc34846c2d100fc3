import { afterEach, describe, expect, it } from 'vitest';
import type { CallAction } from '../../extension/shared/messages';
import { performAction } from '../../extension/sources/teams-web/actions';
import { installTeamsBehaviour } from '../fakes/teams-web/behaviour';
import type { FakeClick } from '../fakes/teams-web/behaviour';
import { loadFixture } from '../fakes/teams-web/dom';
import type { FixtureName } from '../fakes/teams-web/fixtures';

const TIMING = { timeoutMs: 400, stepMs: 10 };
const open: Array<{ close(): Promise<void> }> = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((page) => page.close()));
});

/** A fixture page that reacts to clicks like Teams (or not at all, when `reacts` is false). */
function teams(name: FixtureName, reacts = true) {
  const page = loadFixture(name);
  open.push(page);
  const clicks: FakeClick[] = [];
  if (reacts) installTeamsBehaviour(page.document, (click) => clicks.push(click));
  const act = (action: CallAction) => performAction(page.document, action, TIMING);
  return { doc: page.document, clicks, act };
}

describe('performAction clicks the right control', () => {
  it('toggles the microphone and waits for Teams to show it', async () => {
    const t = teams('in-call-muted');
    expect(await t.act({ kind: 'toggle-mute' })).toEqual({ ok: true });
    expect(t.clicks).toEqual([{ control: 'mic', after: 'mic' }]);
    expect(t.doc.getElementById('microphone-button')?.getAttribute('data-state')).toBe('mic');
  });

  it('toggles the camera and the raised hand', async () => {
    const t = teams('in-call-muted');
    expect(await t.act({ kind: 'toggle-video' })).toEqual({ ok: true });
    expect(await t.act({ kind: 'toggle-hand' })).toEqual({ ok: true });
    expect(t.clicks).toEqual([{ control: 'camera', after: 'call-video' }, { control: 'hand', after: 'true' }]);
  });

  it('leaves the call through the hang-up button, also when it is a wrapper', async () => {
    for (const name of ['in-call-muted', 'overflow'] as const) {
      const t = teams(name);
      expect(await t.act({ kind: 'leave-call' })).toEqual({ ok: true });
      expect(t.clicks).toEqual([{ control: 'hangup', after: null }]);
    }
  });
});

describe('performAction refuses instead of pretending', () => {
  it('refuses a disabled microphone (disabled attribute) and camera (aria-disabled)', async () => {
    const t = teams('mic-disabled');
    const mic = await t.act({ kind: 'toggle-mute' });
    expect(mic).toEqual({ ok: false, error: 'Teams has the microphone button disabled right now ("Unmute mic"), so it cannot be pressed.' });
    const camera = await t.act({ kind: 'toggle-video' });
    expect(camera.ok).toBe(false);
    expect(!camera.ok && camera.error).toMatch(/camera button disabled/);
    expect(t.clicks).toEqual([]);
    expect(t.doc.getElementById('microphone-button')?.getAttribute('data-state')).toBe('mic-off');
  });

  it('says so when Teams does not react to the click', async () => {
    const t = teams('in-call-muted', false);
    const reply = await t.act({ kind: 'toggle-mute' });
    expect(reply).toEqual({ ok: false, error: 'The microphone button was clicked, but Teams did not show the change within 0.4 s.' });
  });

  it('finds no controls outside a call and never clicks the chat list\'s "Mute"', async () => {
    const t = teams('idle-available');
    let chatMuteClicked = false;
    t.doc.querySelector('[data-tid="chat-list-item"] button')?.addEventListener('click', () => (chatMuteClicked = true));
    const reply = await t.act({ kind: 'toggle-mute' });
    expect(reply).toEqual({ ok: false, error: 'No microphone button was found in this Teams tab (is a call open here?).' });
    expect(chatMuteClicked).toBe(false);
  });

  it('refuses reactions and background blur, which the page offers no reliable control for', async () => {
    const t = teams('in-call-muted');
    for (const action of [{ kind: 'send-reaction', reaction: 'like' }, { kind: 'toggle-background-blur' }] as const) {
      const reply = await t.act(action);
      expect(reply.ok).toBe(false);
    }
    expect(t.clicks).toEqual([]);
  });
});

describe('performAction and the overflow menu', () => {
  it('opens "More" and clicks raise-hand inside it', async () => {
    const t = teams('overflow');
    expect(t.doc.getElementById('raisehands-button')).toBeNull();
    expect(await t.act({ kind: 'toggle-hand' })).toEqual({ ok: true });
    expect(t.clicks).toEqual([{ control: 'more', after: 'open' }, { control: 'hand', after: 'true' }]);
    // The menu closed with the click; the next opening shows "Lower hand".
    expect(t.doc.querySelector('[data-fake-overflow-menu]')).toBeNull();
    expect(await t.act({ kind: 'toggle-hand' })).toEqual({ ok: true });
    expect(t.clicks.at(-1)).toEqual({ control: 'hand', after: 'false' });
  });

  it('closes the menu again and explains when the control is not in it either', async () => {
    const t = teams('mic-disabled');
    const reply = await t.act({ kind: 'toggle-hand' });
    expect(reply).toEqual({ ok: false, error: 'No raise-hand button was found in this Teams tab (is a call open here?).' });
    expect(t.clicks).toEqual([{ control: 'more', after: 'open' }, { control: 'more', after: 'closed' }]);
  });

  it('clicks a control found only by its label', async () => {
    const t = teams('labels-only', false);
    let clicked: string | null = null;
    t.doc.addEventListener('click', (event) => (clicked = (event.target as Element).getAttribute('aria-label')));
    const reply = await t.act({ kind: 'toggle-mute' });
    expect(clicked).toBe('Unmute');
    // Nothing on this page reacts, and the action says so.
    expect(reply.ok).toBe(false);
  });
});
