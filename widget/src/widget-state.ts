import type { ShareTarget } from './share-link';
import type { ShareView } from './share-view';

/** Everything the widget can know at one run: what it was given and what the relay said. */
export type WidgetState =
  | { kind: 'no-link' }
  | { kind: 'bad-link'; reason: string }
  | { kind: 'live'; target: ShareTarget; view: ShareView }
  | { kind: 'cached'; target: ShareTarget; view: ShareView; fetchedAt: string; reason: string }
  | { kind: 'revoked'; target: ShareTarget }
  | { kind: 'offline'; target: ShareTarget; reason: string }
  | { kind: 'crashed'; reason: string };
