import type { Availability, CallState, ResolvedStatus, ShareLevel } from '../../core';
import type { MANUAL_AVAILABILITIES } from '../../core';
import type { NotifyMessages } from './notify-messages';

/**
 * The one message contract between the extension's pages (popup, options) and its service
 * worker. `send()` (extension/platform/messaging.ts) and the worker's `Handlers` are both
 * derived from this map, so a missing handler or a wrong payload is a compile error.
 */

export type ManualAvailability = (typeof MANUAL_AVAILABILITIES)[number];

export type TeamsLocalState = 'off' | 'connecting' | 'unpaired' | 'pairing' | 'paired';
export type TeamsWebState = 'no-tab' | 'idle' | 'in-call' | 'page-changed';
export type RelayState = 'not-connected' | 'synced' | 'syncing' | 'offline' | 'error' | 'revoked';

/** What each sensor can currently do about the call. */
export interface CallPermissions {
  toggleMute: boolean;
  toggleVideo: boolean;
  toggleHand: boolean;
  toggleBlur: boolean;
  leave: boolean;
  react: boolean;
}

export type Reaction = 'like' | 'love' | 'applause' | 'laugh' | 'wow';

export type CallAction =
  | { kind: 'toggle-mute' }
  | { kind: 'toggle-video' }
  | { kind: 'toggle-hand' }
  | { kind: 'toggle-background-blur' }
  | { kind: 'leave-call' }
  | { kind: 'send-reaction'; reaction: Reaction };

export interface SourceHealth {
  teamsLocal: { state: TeamsLocalState; canPair: boolean; detail: string | null };
  teamsWeb: { state: TeamsWebState; detail: string | null };
  relay: { state: RelayState; queued: number; detail: string | null };
}

export interface CallView extends CallState {
  /** Which sensor's call this is; actions are routed to it. */
  via: 'teams-local' | 'teams-web';
  permissions: CallPermissions;
}

export interface ManualView {
  availability: ManualAvailability;
  until: string | null;
  message: string | null;
}

export interface PopupState {
  status: ResolvedStatus;
  health: SourceHealth;
  call: CallView | null;
  manual: ManualView | null;
  share: { url: string; level: ShareLevel } | null;
  /** Last error an action produced, in words for the person (cleared on the next success). */
  lastError: string | null;
}

export interface Settings {
  relayUrl: string | null;
  displayName: string | null;
  /** Teams local API address (options → Advanced). */
  teamsLocalUrl: string;
  teamsLocalEnabled: boolean;
}

export interface TimelineSegment {
  start: string;
  end: string;
  availability: Availability;
  inCall: boolean;
}

/** Every reply carries ok; failures carry words a person can read. */
export type Reply<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface ExtensionMessages extends NotifyMessages {
  getState: { request: null; response: Reply<{ state: PopupState }> };
  setManual: { request: { availability: ManualAvailability; until: string | null; message?: string }; response: Reply };
  clearManual: { request: null; response: Reply };
  callAction: { request: { action: CallAction }; response: Reply };
  pairTeams: { request: null; response: Reply };
  /** Reconnect to the Teams desktop local API now instead of waiting for the back-off. */
  retryTeamsLocal: { request: null; response: Reply };
  getSettings: { request: null; response: Reply<{ settings: Settings }> };
  saveSettings: { request: Partial<Pick<Settings, 'teamsLocalUrl' | 'teamsLocalEnabled'>>; response: Reply<{ settings: Settings }> };
  /** With inviteCode: join an organisation (the invite link's code) instead of registering. */
  connectRelay: { request: { relayUrl: string; displayName: string; inviteCode?: string }; response: Reply<{ share: { url: string; level: ShareLevel } }> };
  disconnectRelay: { request: null; response: Reply };
  setShareLevel: { request: { level: ShareLevel }; response: Reply<{ share: { url: string; level: ShareLevel } }> };
  rotateShare: { request: null; response: Reply<{ share: { url: string; level: ShareLevel } }> };
  getTimeline: { request: { day: string }; response: Reply<{ segments: TimelineSegment[] }> };
}

export type MessageType = keyof ExtensionMessages;
export type Envelope<K extends MessageType = MessageType> = { type: K; payload: ExtensionMessages[K]['request'] };
export type Handlers = { [K in MessageType]: (payload: ExtensionMessages[K]['request']) => Promise<ExtensionMessages[K]['response']> };
