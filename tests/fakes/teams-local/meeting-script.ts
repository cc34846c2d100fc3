import type { FullMeetingState } from './meeting-model';

interface Step {
  say: string;
  change: Partial<FullMeetingState>;
}

/** The demo's meeting, looped: every step is one state change Teams would report. */
export const MEETING_STEPS: readonly Step[] = [
  { say: 'join a meeting (muted, camera off)', change: { isInMeeting: true, isMuted: true, isVideoOn: false } },
  { say: 'unmute', change: { isMuted: false } },
  { say: 'camera on', change: { isVideoOn: true } },
  { say: 'start sharing', change: { isSharing: true } },
  { say: 'stop sharing', change: { isSharing: false } },
  { say: 'leave the meeting', change: { isInMeeting: false } },
  { say: 'pause (no meeting)', change: {} },
];

/** Runs the steps every stepMs until the returned stop function is called. */
export function startMeetingScript(opts: { stepMs: number; log: (line: string) => void; setState: (change: Partial<FullMeetingState>) => void }): () => void {
  let index = 0;
  const timer = setInterval(() => {
    const step = MEETING_STEPS[index % MEETING_STEPS.length];
    index++;
    if (!step) return;
    opts.log(`script: ${step.say}`);
    if (Object.keys(step.change).length > 0) opts.setState(step.change);
  }, opts.stepMs);
  return () => clearInterval(timer);
}
