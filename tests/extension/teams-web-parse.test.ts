import { describe, expect, it } from 'vitest';
import { teamsWebSnapshotSchema } from '../../extension/shared/content-messages';
import type { TeamsWebSnapshot } from '../../extension/shared/content-messages';
import type { CallPermissions } from '../../extension/shared/messages';
import { parseTeamsPage } from '../../extension/sources/teams-web/parse-call-state';
import { SELECTORS_VERSION } from '../../extension/sources/teams-web/selectors';
import { loadFixture } from '../fakes/teams-web/dom';
import { FIXTURE_NAMES } from '../fakes/teams-web/fixtures';
import type { FixtureName } from '../fakes/teams-web/fixtures';

const NONE: CallPermissions = { toggleMute: false, toggleVideo: false, toggleHand: false, toggleBlur: false, leave: false, react: false };
const ALL: CallPermissions = { ...NONE, toggleMute: true, toggleVideo: true, toggleHand: true, leave: true };
const IN_A_CALL = { availability: 'Busy', activity: 'InACall' };
const idle = (availability: string, activity = availability): TeamsWebSnapshot => ({
  state: 'idle', call: { inCall: false }, presence: { availability, activity }, permissions: NONE, detail: null, selectorsVersion: SELECTORS_VERSION,
});
const inCall = (call: TeamsWebSnapshot['call'], permissions: CallPermissions = ALL, presence: TeamsWebSnapshot['presence'] = IN_A_CALL): TeamsWebSnapshot => ({
  state: 'in-call', call, presence, permissions, detail: null, selectorsVersion: SELECTORS_VERSION,
});
const quiet = { sharing: false, handRaised: false, recording: false };

/** The exact reading of every fixture. Omitted flags are "could not tell". */
const EXPECTED: Record<FixtureName, TeamsWebSnapshot> = {
  'blank': { ...idle('x'), call: null, presence: null },
  'idle-available': idle('Available'),
  'idle-busy': idle('Busy'),
  'idle-dnd': idle('DoNotDisturb'),
  'idle-older-badge': idle('BeRightBack'),
  'idle-avatar-label-fr': idle('DoNotDisturb'),
  'idle-presence-menu': idle('Away'),
  'prejoin': { ...idle('Available'), state: 'prejoin' },
  'in-call-muted': inCall({ inCall: true, muted: true, camera: false, ...quiet }),
  'in-call-unmuted': inCall({ inCall: true, muted: false, camera: false, ...quiet }),
  'camera-on': inCall({ inCall: true, muted: true, camera: true, ...quiet }),
  'sharing': inCall({ inCall: true, muted: false, camera: false, ...quiet, sharing: true }),
  'recording': inCall({ inCall: true, muted: true, camera: false, ...quiet, recording: true }),
  'hand-raised': inCall({ inCall: true, muted: true, camera: false, ...quiet, handRaised: true }),
  'mic-disabled': inCall({ inCall: true, muted: true, camera: false, recording: false }, { ...ALL, toggleMute: false, toggleVideo: false }),
  'overflow': inCall({ inCall: true, muted: false, camera: false, recording: false }),
  'labels-only': inCall({ inCall: true, muted: true, camera: true, handRaised: true, recording: false }),
  'labels-only-de': inCall({ inCall: true, muted: false, camera: false, recording: false }, ALL, { availability: 'Busy', activity: 'Busy' }),
  'unknown-data-state': inCall({ inCall: true, camera: false, recording: false }),
  'floating-monitor': inCall({ inCall: true, muted: false }, { ...NONE, toggleMute: true, leave: true }),
  'page-changed-toolbar': {
    ...inCall({ inCall: true }, { ...NONE, leave: true }),
    state: 'page-changed',
    detail: 'Teams changed its call toolbar: the microphone and camera buttons were not found.',
  },
  'page-changed-shell': {
    ...idle('x'), state: 'page-changed', call: null, presence: null, detail: 'Teams changed its page: your presence badge was not found.',
  },
};

function parse(name: FixtureName): TeamsWebSnapshot {
  const page = loadFixture(name);
  try {
    return parseTeamsPage(page.document);
  } finally {
    void page.close();
  }
}

describe('parseTeamsPage against every fixture', () => {
  it.each(FIXTURE_NAMES)('%s', (name) => {
    const snapshot = parse(name);
    expect(snapshot).toEqual(EXPECTED[name]);
    // What the content script sends passes the worker's edge validation.
    expect(teamsWebSnapshotSchema.safeParse(snapshot).success).toBe(true);
  });
});

describe('parseTeamsPage details', () => {
  it('omits unknown flags instead of writing undefined or guessing', () => {
    const call = parse('unknown-data-state').call;
    expect(call && 'muted' in call).toBe(false);
    expect(call && 'sharing' in call).toBe(false);
  });

  it('reads "Unmute" as muted although it contains "mute"', () => {
    expect(parse('labels-only').call?.muted).toBe(true);
    expect(parse('labels-only-de').call?.muted).toBe(false);
  });

  it('never takes another person\'s badge or a chat "Mute" button for ours', () => {
    // The chat list of every shell fixture holds a Busy badge and a "Mute" button.
    expect(parse('page-changed-shell').presence).toBeNull();
    expect(parse('idle-available').call).toEqual({ inCall: false });
  });

  it('follows the page when Teams flips a control', () => {
    const page = loadFixture('in-call-muted');
    page.document.getElementById('microphone-button')?.setAttribute('data-state', 'mic');
    page.document.getElementById('video-button')?.setAttribute('aria-disabled', 'true');
    const snapshot = parseTeamsPage(page.document);
    expect(snapshot.call?.muted).toBe(false);
    expect(snapshot.permissions.toggleVideo).toBe(false);
    void page.close();
  });

  it('treats inherited property names as unknown data-states', () => {
    const page = loadFixture('in-call-muted');
    page.document.getElementById('microphone-button')?.setAttribute('data-state', 'constructor');
    expect(parseTeamsPage(page.document).call).not.toHaveProperty('muted');
    void page.close();
  });

  it('prefers the data-state over a label that disagrees', () => {
    const page = loadFixture('in-call-muted');
    page.document.getElementById('microphone-button')?.setAttribute('aria-label', 'Mute mic');
    expect(parseTeamsPage(page.document).call?.muted).toBe(true);
    void page.close();
  });
});
