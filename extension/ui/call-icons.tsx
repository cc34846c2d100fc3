import type { Reaction } from '../shared/messages';

// Drawn as SVG, not emoji: emoji need a colour-emoji font, and without one (many Linux
// desktops) every button shows an empty box. Stroke icons take the button's text colour.
export type CallIconName = 'mic' | 'camera' | 'hand' | 'blur' | Reaction;

const FACE = 'M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z';
const EYES = 'M9 9.5v1M15 9.5v1';

const PATHS: Record<CallIconName, string> = {
  mic: 'M12 3a3 3 0 0 0-3 3v6a3 3 0 0 0 6 0V6a3 3 0 0 0-3-3zM5 11a7 7 0 0 0 14 0M12 18v3',
  camera: 'M3 7h12v10H3zM15 10l6-3v10l-6-3',
  hand: 'M8 13V5.5a1.5 1.5 0 0 1 3 0V11M11 10V4.5a1.5 1.5 0 0 1 3 0V11M14 10.5V6a1.5 1.5 0 0 1 3 0v7a7 7 0 0 1-7 7h-.5a6 6 0 0 1-5-2.7L3 14.5a1.5 1.5 0 0 1 2.4-1.8L8 15',
  blur: 'M12 3a9 9 0 1 0 0 18M12 3v18M15 6h2M15 10h4M15 14h4M15 18h2',
  like: 'M7 10v10H4V10zM7 10l4-7a2 2 0 0 1 2.6 2.4L13 9h5.5a2 2 0 0 1 2 2.3l-1.2 7A2 2 0 0 1 17.3 20H7',
  love: 'M12 20s-7-4.4-8.6-8.6A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8.6 4.4C19 15.6 12 20 12 20z',
  applause: 'M8 12l4-4a1.5 1.5 0 0 1 2 2l-1 1 3-3a1.5 1.5 0 0 1 2 2l-5 5a5 5 0 0 1-7 0l-1-1a2 2 0 0 1 0-3l3-3M16 3l-1 2M20 6l-2 1M12 2v2',
  laugh: `${FACE}${EYES}M7.5 13.5h9a4.5 4.5 0 0 1-9 0z`,
  wow: `${FACE}${EYES}M12 13.5a2 2.5 0 1 0 0 5a2 2.5 0 1 0 0-5z`,
};

/** A call control's icon; decorative (the button's words name it), so hidden from screen readers. */
export function CallIcon(props: { name: CallIconName }) {
  return (
    <svg class="call-icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
      <path d={PATHS[props.name]} />
    </svg>
  );
}
