/**
 * Every way we recognise the Teams web page, in ONE table. Teams changes its DOM a few times a
 * year: when it does, update the entries here, bump SELECTORS_VERSION, and update the fixtures in
 * tests/fakes/teams-web (the README, "Teams web" walks through it). Each list is tried in order;
 * ids and data-* attributes come first because they do not depend on the interface language.
 */
export const SELECTORS_VERSION = '2026-11';

export const SELECTORS = {
  /** In a call: the running duration (MM:SS or H:MM:SS). */
  callDuration: ['#call-duration-custom'],
  /** Leave button; its presence is also call evidence. `#hangup-button` may be a wrapper. */
  hangup: ['button#hangup-button', '[data-tid="hangup-main-btn"]', '#hangup-button button', '#hangup-button'],
  mic: ['button#microphone-button'],
  camera: ['button#video-button'],
  share: ['button#share-button'],
  recording: ['#recording-indicator-custom'],
  hand: ['#raisehands-button'],
  reactions: ['#reaction-menu-button'],
  prejoinJoin: ['#prejoin-join-button'],
  /** Narrow windows move call buttons into this overflow menu. */
  more: ['#callingButtons-showMoreBtn'],
  /** The in-page mini call window shown while browsing elsewhere in Teams during a call. */
  floatingMonitor: ['[data-app-name="floatingmonitor"]'],
  /**
   * Own presence badge. `.fui-PresenceBadge` is Fluent's generic badge (every person in a chat
   * list has one), so it only counts inside our own avatar button.
   */
  presenceBadge: [
    '[data-tid="me-control-avatar-presence"]',
    '[data-tid="me-control-presence-icon"]',
    '[data-tid="me-control-avatar-trigger"] .fui-PresenceBadge',
  ],
  /** Own avatar button; its aria-label reads like "Your profile, status Available". */
  avatarTrigger: ['[data-tid="me-control-avatar-trigger"]'],
  /** Presence menu items (only in the DOM while the menu is open); the checked one is current. */
  presenceMenuItem: '[data-tid^="me_control_presence_availability_"]',
  presenceMenuPrefix: 'me_control_presence_availability_',
  /** The Teams app shell: present on every signed-in Teams page. */
  appShell: ['[data-tid="app-layout-area--nav"]', '[data-tid="app-layout-area--main"]', '[data-tid="app-bar-wrapper"]'],
  /** Items of an open overflow menu, searched by label when a control has no known id there. */
  menuItem: '[role="menuitem"], [role="menuitemcheckbox"], [role="menuitemradio"]',
  /** Candidates for the aria-label fallback when a control's id has changed. */
  labelled: 'button[aria-label], button[title], [role="button"][aria-label], [role="menuitem"][aria-label]',
} as const;

/** `data-state` values (Teams' icon names) → the flag they mean. Anything else is "unknown". */
export const DATA_STATES = {
  mic: { 'mic-off': true, mic: false } as Record<string, boolean>,
  camera: { 'call-video': true, 'call-video-off': false } as Record<string, boolean>,
  share: { 'call-control-stop-presenting-new': true, 'call-control-present-new': false } as Record<string, boolean>,
};

/**
 * Localised labels, the fallback when an id or data-state is missing. Labels name the ACTION,
 * i.e. the inverse of the state ("Unmute" means muted). `whenTrue` is tested first because
 * it usually contains the other ("unmute" contains "mute", "désactiver" contains "activer").
 */
export interface LabelRule {
  whenTrue: RegExp;
  whenFalse: RegExp;
}

export const LABELS: Record<'mic' | 'camera' | 'share' | 'hand', LabelRule> = {
  /** true = muted */
  mic: {
    whenTrue: /\bunmute\b|stummschaltung aufheben|réactiver le (son|micro)|(?<!dés)activer le micro|reactivar (el )?(sonido|micro)|desactivar silencio/i,
    whenFalse: /\bmute\b|stummschalten|désactiver le (son|micro)|couper le micro|silenciar/i,
  },
  /** true = camera on */
  camera: {
    whenTrue: /turn (the )?camera off|turn off (the )?camera|stop video|kamera ausschalten|désactiver la caméra|desactivar (la )?cámara/i,
    whenFalse: /turn (the )?camera on|turn on (the )?camera|start video|kamera einschalten|activer la caméra|activar (la )?cámara/i,
  },
  /** true = sharing */
  share: {
    whenTrue: /stop (presenting|sharing)|freigabe beenden|präsentation beenden|arrêter (la )?(présentation|le partage)|dejar de (presentar|compartir)/i,
    whenFalse: /\bshare\b|\bpresent\b|share content|freigeben|präsentieren|partager|présenter|compartir|presentar/i,
  },
  /** true = hand raised */
  hand: {
    whenTrue: /lower (your |my )?hand|hand senken|baisser la main|bajar la mano/i,
    whenFalse: /raise (your |my )?hand|hand heben|lever la main|levantar la mano/i,
  },
};

/** Leave / hang up, used only to find the button when its ids have all changed. */
export const LEAVE_LABEL = /^(leave|hang up|verlassen|auflegen|quitter|raccrocher|salir|colgar)\b/i;

/**
 * Presence words (badge aria-label/title, avatar aria-label) → Graph availability and activity.
 * Order matters: "Do not disturb" before anything containing "disturb", "Be right back" before
 * "back", "Appear away" before "away", "Unavailable"-like words never reach "available".
 */
export const PRESENCE_WORDS: ReadonlyArray<{ match: RegExp; availability: string; activity: string }> = [
  { match: /do[ -]not[ -]disturb|donotdisturb|nicht stören|ne pas déranger|no molestar/i, availability: 'DoNotDisturb', activity: 'DoNotDisturb' },
  { match: /\bpresenting\b|präsentiert|en train de présenter|presentando/i, availability: 'DoNotDisturb', activity: 'Presenting' },
  { match: /\bfocusing\b|\bfokus/i, availability: 'DoNotDisturb', activity: 'Focusing' },
  { match: /in a call|im anruf|en communication|en una llamada/i, availability: 'Busy', activity: 'InACall' },
  { match: /in a meeting|in einer besprechung|en réunion|en una reunión/i, availability: 'Busy', activity: 'InAMeeting' },
  { match: /be[ -]right[ -]back|berightback|bin gleich zurück|de retour bientôt|vuelvo enseguida/i, availability: 'BeRightBack', activity: 'BeRightBack' },
  { match: /out[ -]of[ -]office|absent du bureau|fuera de la oficina/i, availability: 'Away', activity: 'OutOfOffice' },
  { match: /\bbusy\b|beschäftigt|occupé|ocupado/i, availability: 'Busy', activity: 'Busy' },
  { match: /\baway\b|abwesend|\babsent\b|ausente/i, availability: 'Away', activity: 'Away' },
  { match: /\boffline\b|appear[ -]offline|hors connexion|desconectado/i, availability: 'Offline', activity: 'Offline' },
  { match: /\bavailable\b|(?<!nicht )verfügbar|\bdisponible\b/i, availability: 'Available', activity: 'Available' },
];

/** Suffixes of the presence menu items' data-tid → Graph availability. */
export const PRESENCE_MENU: Record<string, string> = {
  available: 'Available',
  busy: 'Busy',
  do_not_disturb: 'DoNotDisturb',
  be_right_back: 'BeRightBack',
  appear_away: 'Away',
  appear_offline: 'Offline',
};
