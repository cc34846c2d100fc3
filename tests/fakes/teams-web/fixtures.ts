import { button, callScreen, overflowTemplate, shell, standardButtons } from './parts';
import type { MeControl } from './parts';

/**
 * The Teams web page in each state we must read, as the HTML of the page's body. The fake
 * server serves them (switchable live) and the parser tests load them into happy-dom.
 */

const AVAILABLE: MeControl = { badge: 'Available', trigger: 'Your profile, status Available' };
const BUSY: MeControl = { badge: 'Busy', trigger: 'Your profile, status Busy' };
const IN_A_CALL: MeControl = { badge: 'In a call', trigger: 'Your profile, status In a call' };
const DND: MeControl = { badge: 'Do not disturb', trigger: 'Your profile, status Do not disturb' };

const CHAT_VIEW = '<div data-tid="chat-pane"><div data-tid="chat-pane-item">Hello</div></div>';
const PREJOIN = `<div data-tid="prejoin-screen"><h2>Choose your audio and video settings</h2>
  ${button({ id: 'prejoin-video-toggle', label: 'Camera' })}
  <button type="button" id="prejoin-join-button" class="fui-Button" data-tid="prejoin-join-button" aria-label="Join now">Join now</button></div>`;

const inCall = (s: { muted: boolean; camera: boolean; sharing: boolean; hand?: boolean }, extra: { recording?: boolean } = {}) =>
  shell({ me: IN_A_CALL, main: callScreen({ buttons: standardButtons(s), ...extra }) });

const OFF = { muted: true, camera: false, sharing: false };

export const FIXTURES = {
  /** Nothing recognisable yet (Teams still loading or signed out). */
  'blank': shell({ bare: true, me: null, main: '<div class="loading-spinner" role="progressbar"></div>' }),
  'idle-available': shell({ me: AVAILABLE, main: CHAT_VIEW }),
  'idle-busy': shell({ me: BUSY, main: CHAT_VIEW }),
  'idle-dnd': shell({ me: DND, main: CHAT_VIEW }),
  /** Older Teams: presence on `me-control-presence-icon`. */
  'idle-older-badge': shell({ me: { badge: 'Be right back', badgeTid: 'me-control-presence-icon' }, main: CHAT_VIEW }),
  /** No badge: only the avatar button's (French) label tells the status. */
  'idle-avatar-label-fr': shell({ me: { badge: null, trigger: 'Votre profil, statut Ne pas déranger' }, main: CHAT_VIEW }),
  /** Badge in a language we do not know; the presence menu is open with "Away" checked. */
  'idle-presence-menu': shell({
    me: { badge: '不在', trigger: 'あなたのプロフィール' },
    main: `${CHAT_VIEW}<div role="menu" data-tid="me-control-set-presence-status-popover">
      <div role="menuitemradio" aria-checked="false" data-tid="me_control_presence_availability_available">利用可能</div>
      <div role="menuitemradio" aria-checked="false" data-tid="me_control_presence_availability_busy">取り込み中</div>
      <div role="menuitemradio" aria-checked="true" data-tid="me_control_presence_availability_appear_away">退席中</div>
    </div>`,
  }),
  'prejoin': shell({ me: AVAILABLE, main: PREJOIN }),
  'in-call-muted': inCall(OFF),
  'in-call-unmuted': inCall({ ...OFF, muted: false }),
  'camera-on': inCall({ ...OFF, camera: true }),
  'sharing': inCall({ ...OFF, muted: false, sharing: true }),
  'recording': inCall(OFF, { recording: true }),
  'hand-raised': inCall({ ...OFF, hand: true }),
  /** Mic and camera disabled (e.g. an attendee in a town hall): present but not usable. */
  'mic-disabled': shell({
    me: IN_A_CALL,
    main: callScreen({
      buttons: [
        button({ id: 'video-button', label: 'Turn camera on', state: 'call-video-off', disabled: 'aria' }),
        button({ id: 'microphone-button', label: 'Unmute mic', state: 'mic-off', disabled: 'attr' }),
      ],
    }),
  }),
  /** Narrow window: raise-hand lives in the overflow menu; hang-up is a wrapper div. */
  'overflow': shell({
    me: IN_A_CALL,
    main: callScreen({
      hangup: 'wrapper',
      buttons: [
        button({ id: 'video-button', label: 'Turn camera on', state: 'call-video-off' }),
        button({ id: 'microphone-button', label: 'Mute mic', state: 'mic' }),
      ],
    }) + overflowTemplate(`<div role="menuitem" id="raisehands-button" aria-pressed="false" aria-label="Raise hand">Raise hand</div>
      <div role="menuitem" id="closed-captions-button" aria-label="Turn on live captions">Captions</div>`),
  }),
  /** Ids gone, English labels left: the aria-label fallback (Unmute before Mute). */
  'labels-only': shell({
    me: IN_A_CALL,
    main: callScreen({
      buttons: [
        button({ id: 'x', noId: true, label: 'Turn camera off' }),
        button({ id: 'x', noId: true, label: 'Unmute' }),
        button({ id: 'x', noId: true, label: 'Lower hand' }),
      ],
    }),
  }),
  /** Ids gone, German labels. */
  'labels-only-de': shell({
    me: { badge: 'Beschäftigt' },
    main: callScreen({
      buttons: [button({ id: 'x', noId: true, label: 'Kamera einschalten' }), button({ id: 'x', noId: true, label: 'Stummschalten' })],
    }),
  }),
  /** A mic data-state Teams has not used before: muted is unknown, not guessed. */
  'unknown-data-state': shell({
    me: IN_A_CALL,
    main: callScreen({ buttons: [button({ id: 'microphone-button', label: 'Unmute mic', state: 'mic-off-v2' }), button({ id: 'video-button', label: 'Turn camera on', state: 'call-video-off' })] }),
  }),
  /** Browsing chats during a call: only the floating mini window shows the call. */
  'floating-monitor': shell({
    me: IN_A_CALL,
    main: `${CHAT_VIEW}<div data-app-name="floatingmonitor" class="floating-monitor"><div data-tid="floating-monitor-video"></div>
      <div role="toolbar">${button({ id: 'microphone-button', label: 'Mute mic', state: 'mic' })}<button type="button" id="hangup-button" aria-label="Leave">Leave</button></div></div>`,
  }),
  /** Teams changed its call toolbar: duration and hang-up are there, mic/camera ids and labels not. */
  'page-changed-toolbar': shell({
    me: IN_A_CALL,
    main: callScreen({
      buttons: [
        '<button type="button" id="mic-v3" data-state="microphone-muted" aria-label="マイクのミュートを解除"><svg></svg></button>',
        '<button type="button" id="cam-v3" data-state="camera-off" aria-label="カメラをオンにする"><svg></svg></button>',
      ],
    }),
  }),
  /** Teams changed its header: the app shell is there, our presence anchors are not. */
  'page-changed-shell': shell({ me: null, main: CHAT_VIEW }),
} as const;

export type FixtureName = keyof typeof FIXTURES;

export const FIXTURE_NAMES = Object.keys(FIXTURES) as FixtureName[];

export function isFixtureName(value: unknown): value is FixtureName {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(FIXTURES, value);
}
