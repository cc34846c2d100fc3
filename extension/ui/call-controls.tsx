import type { CallAction, CallPermissions, CallView, Reaction } from '../shared/messages';
import { CallIcon, type CallIconName } from './call-icons';
import type { RunAction } from './use-action';

interface Toggle {
  label: string;
  action: CallAction;
  permission: keyof CallPermissions;
  /** Current state when the sensor can tell; undefined means unknown, so no aria-pressed. */
  pressed: (call: CallView) => boolean | undefined;
  icon: CallIconName;
}

// Names stay constant and aria-pressed carries the state: the WAI-ARIA toggle-button pattern.
const TOGGLES: Toggle[] = [
  { label: 'Mute', action: { kind: 'toggle-mute' }, permission: 'toggleMute', pressed: (c) => c.muted, icon: 'mic' },
  { label: 'Camera', action: { kind: 'toggle-video' }, permission: 'toggleVideo', pressed: (c) => c.camera, icon: 'camera' },
  { label: 'Raise hand', action: { kind: 'toggle-hand' }, permission: 'toggleHand', pressed: (c) => c.handRaised, icon: 'hand' },
];

const REACTIONS: { reaction: Reaction; label: string }[] = [
  { reaction: 'like', label: 'Like' },
  { reaction: 'love', label: 'Love' },
  { reaction: 'applause', label: 'Applause' },
  { reaction: 'laugh', label: 'Laugh' },
  { reaction: 'wow', label: 'Wow' },
];

function stateWord(label: string, pressed: boolean | undefined): string {
  if (pressed === undefined) return '';
  if (label === 'Mute') return pressed ? 'Muted' : 'Mic on';
  if (label === 'Camera') return pressed ? 'On' : 'Off';
  return pressed ? 'Raised' : 'Down';
}

/** Mute, camera, hand, blur, leave and reactions; each enabled only when the sensor allows it. */
export function CallControls(props: { call: CallView | null; run: RunAction }) {
  const { call, run } = props;
  if (!call || !call.inCall) {
    return (
      <section class="card" aria-labelledby="call-heading">
        <h2 id="call-heading">Call</h2>
        <p class="hint">Not in a call. Controls appear here while you are in one.</p>
      </section>
    );
  }
  const act = (action: CallAction) => void run('callAction', { action });
  const via = call.via === 'teams-local' ? 'Teams desktop' : 'Teams on the web';
  return (
    <section class="card" aria-labelledby="call-heading">
      <h2 id="call-heading">
        Call <span class="heading-note">via {via}</span>
      </h2>
      <div class="call-toggles">
        {TOGGLES.map((t) => {
          const pressed = t.pressed(call);
          return (
            <button key={t.label} type="button" class="toggle" aria-pressed={pressed === undefined ? undefined : pressed} disabled={!call.permissions[t.permission]} onClick={() => act(t.action)}>
              <CallIcon name={t.icon} /> {t.label}
              <span class="toggle-state" aria-hidden="true">
                {stateWord(t.label, pressed)}
              </span>
            </button>
          );
        })}
        <button type="button" class="toggle" disabled={!call.permissions.toggleBlur} onClick={() => act({ kind: 'toggle-background-blur' })}>
          <CallIcon name="blur" /> Blur background
        </button>
      </div>
      <div class="reactions" role="group" aria-label="Reactions">
        {REACTIONS.map((r) => (
          <button key={r.reaction} type="button" class="reaction" aria-label={`React: ${r.label}`} title={r.label} disabled={!call.permissions.react} onClick={() => act({ kind: 'send-reaction', reaction: r.reaction })}>
            <CallIcon name={r.reaction} />
          </button>
        ))}
      </div>
      <button type="button" class="danger leave" disabled={!call.permissions.leave} onClick={() => act({ kind: 'leave-call' })}>
        Leave call
      </button>
      {(call.recording || call.sharing) && (
        <p class="hint">
          {call.recording && 'This call is being recorded. '}
          {call.sharing && 'You are sharing your screen.'}
        </p>
      )}
    </section>
  );
}
