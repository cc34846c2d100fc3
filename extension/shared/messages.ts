import type { Availability, CallState, ResolvedStatus, ShareLevel } from '../../core';
import type { MANUAL_AVAILABILITIES } from '../../core';

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

export type HealthTone = 'ok' | 'wait' | 'off' | 'bad';

/** One row of the popup's Sources list, written by the source itself (extension/sources/source.ts). */
export interface SourceLine {
  id: string;
  name: string;
  words: string;
  tone: HealthTone;
  detail: string | null;
  /** When the source last observed something (ISO), for "updated 2 min ago"; null: never/not applicable. */
  updatedAt?: string | null;
}

export interface SourceHealth {
  /** Every source's row, in the worker's list order. */
  sources: SourceLine[];
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
  /** Until when the relay's calendar is paused for this person ("take the wheel"); null: it is not. */
  calendarPausedUntil: string | null;
  /** Last error an action produced, in words for the person (cleared on the next success). */
  lastError: string | null;
}

export interface Settings {
  relayUrl: string | null;
  displayName: string | null;
  /** Teams local API address (options → Advanced). */
  teamsLocalUrl: string;
  teamsLocalEnabled: boolean;
  /** Microsoft 365 (options → Microsoft 365): the person's own app registration. */
  msClientId: string;
  /** Tenant id or domain; `organizations` lets any work account sign in. */
  msTenant: string;
  /** Sign-in host and Graph base (Advanced: sovereign clouds, tests). */
  msAuthority: string;
  graphBaseUrl: string;
  /** Set the Teams status message during calls (needs Presence.ReadWrite); off by default. */
  graphWriteBack: boolean;
  /** A published calendar (ICS) link, e.g. Outlook's "Publish a calendar"; null: none. */
  calendarLinkUrl?: string | null;
  /** A browser notification when the calendar changed the status; on by default (opt-out). */
  calendarNotifications: boolean;
}

/** The options page's Microsoft 365 section (tokens never leave the worker). */
export interface MicrosoftView {
  signedIn: boolean;
  name: string | null;
  email: string | null;
  problem: string | null;
  /** chrome.identity.getRedirectURL(): register it as a Single-page application. */
  redirectUri: string;
  /** For an administrator to consent for the whole tenant (null until a client ID is set). */
  adminConsentUrl: string | null;
}

/** The settings the sources read (everything but the relay connection). */
export type SourceSettings = Omit<Settings, 'relayUrl' | 'displayName'>;

export interface TimelineSegment {
  start: string;
  end: string;
  availability: Availability;
  inCall: boolean;
}

/** Every reply carries ok; failures carry words a person can read. */
export type Reply<T extends object = object> = ({ ok: true } & T) | { ok: false; error: string };

export interface ExtensionMessages {
  getState: { request: null; response: Reply<{ state: PopupState }> };
  /** The popup opened: sources that can refresh cheaply (Graph) do so now. */
  refreshSources: { request: null; response: Reply };
  setManual: { request: { availability: ManualAvailability; until: string | null; message?: string }; response: Reply };
  clearManual: { request: null; response: Reply };
  callAction: { request: { action: CallAction }; response: Reply };
  pairTeams: { request: null; response: Reply };
  /** Reconnect to the Teams desktop local API now instead of waiting for the back-off. */
  retryTeamsLocal: { request: null; response: Reply };
  getSettings: { request: null; response: Reply<{ settings: Settings }> };
  saveSettings: { request: Partial<SourceSettings>; response: Reply<{ settings: Settings }> };
  getMicrosoft: { request: null; response: Reply<{ microsoft: MicrosoftView }> };
  /** Interactive sign-in (Microsoft's window opens); resolves when it completed or failed, in words. */
  signInMicrosoft: { request: null; response: Reply<{ microsoft: MicrosoftView }> };
  signOutMicrosoft: { request: null; response: Reply<{ microsoft: MicrosoftView }> };
  /** With inviteCode: join an organisation (the invite link's code) instead of registering. */
  connectRelay: { request: { relayUrl: string; displayName: string; inviteCode?: string }; response: Reply<{ share: { url: string; level: ShareLevel } }> };
  disconnectRelay: { request: null; response: Reply };
  /** "Take the wheel": the relay's calendar does not drive the status until then (null: hand it back). */
  pauseCalendar: { request: { until: string | null }; response: Reply<{ calendarPausedUntil: string | null }> };
  setShareLevel: { request: { level: ShareLevel }; response: Reply<{ share: { url: string; level: ShareLevel } }> };
  rotateShare: { request: null; response: Reply<{ share: { url: string; level: ShareLevel } }> };
  getTimeline: { request: { day: string }; response: Reply<{ segments: TimelineSegment[] }> };
}

export type MessageType = keyof ExtensionMessages;
export type Envelope<K extends MessageType = MessageType> = { type: K; payload: ExtensionMessages[K]['request'] };
export type Handlers = { [K in MessageType]: (payload: ExtensionMessages[K]['request']) => Promise<ExtensionMessages[K]['response']> };
