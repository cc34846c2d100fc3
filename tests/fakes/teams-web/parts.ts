/**
 * Building blocks of the fake Teams web page, shaped like the real Teams v2 DOM around the
 * anchors we read (ids, data-tid, data-state, Fluent class names), with the noise that makes a
 * parser go wrong: other people's presence badges and a chat "Mute" menu item.
 */

export interface MeControl {
  /** aria-label of the presence badge; null leaves the badge out. */
  badge: string | null;
  /** aria-label of the avatar button. */
  trigger?: string;
  /** data-tid of the presence badge (older Teams: me-control-presence-icon). */
  badgeTid?: string;
}

export function meControl(me: MeControl | null): string {
  if (!me) return '<div class="fui-Flex" data-tid="titlebar-end-slot"><button class="fui-Button" aria-label="Settings and more">…</button></div>';
  const badge = me.badge === null
    ? ''
    : `<span role="img" class="fui-PresenceBadge ___1x2a0b7" data-tid="${me.badgeTid ?? 'me-control-avatar-presence'}" aria-label="${me.badge}"><svg class="fui-Icon-filled" aria-hidden="true"></svg></span>`;
  return `<div class="fui-Flex" data-tid="titlebar-end-slot">
  <button class="fui-Button" aria-label="Settings and more" data-tid="more-options-header">…</button>
  <button type="button" class="fui-Button fui-MenuButton" id="idna-me-control-avatar-trigger" data-tid="me-control-avatar-trigger" aria-haspopup="menu" aria-expanded="false" aria-label="${me.trigger ?? 'Your profile'}">
    <span class="fui-Avatar" data-tid="me-control-avatar" role="img"><img class="fui-Avatar__image" alt="" src="data:,"></span>
    ${badge}
  </button>
</div>`;
}

/** Navigation, a chat list with other people's badges and a "Mute" item (noise for the parser). */
function chatList(): string {
  return `<div data-tid="app-layout-area--mid-nav">
  <div role="tree" aria-label="Chat list">
    <div role="treeitem" data-tid="chat-list-item" aria-label="Ada Lovelace, Available">
      <span class="fui-Avatar"><span role="img" class="fui-PresenceBadge" data-tid="presence-badge" aria-label="Busy"></span></span>
      <span data-tid="chat-title">Ada Lovelace</span>
      <div role="menu" aria-label="More options"><div role="menuitem" aria-label="Mute">Mute</div></div>
      <button type="button" aria-label="Mute" class="fui-Button">Mute</button>
    </div>
  </div>
</div>`;
}

export interface Shell {
  me: MeControl | null;
  main: string;
  /** Leave out the navigation and title bar entirely (a page that is not the Teams app). */
  bare?: boolean;
}

export function shell({ me, main, bare }: Shell): string {
  if (bare) return `<div id="app">${main}</div>`;
  return `<div id="app" class="app-layout" data-tid="app-layout">
  <div data-tid="app-layout-area--title-bar"><div role="search"><input data-tid="AUTOSUGGEST_INPUT" aria-label="Search"></div>${meControl(me)}</div>
  <div data-tid="app-layout-area--nav"><div data-tid="app-bar-wrapper" role="navigation">
    <button type="button" aria-label="Activity" class="fui-Button">Activity</button>
    <button type="button" aria-label="Chat" class="fui-Button">Chat</button>
    <button type="button" aria-label="Calendar" class="fui-Button">Calendar</button>
  </div></div>
  ${chatList()}
  <div data-tid="app-layout-area--main">${main}</div>
</div>`;
}

export interface Button {
  id: string;
  label: string;
  state?: string;
  pressed?: boolean;
  disabled?: 'attr' | 'aria';
  /** Leave the id off (Teams renamed it): only the label remains. */
  noId?: boolean;
}

export function button(b: Button): string {
  const attrs = [
    b.noId ? '' : `id="${b.id}"`,
    b.state === undefined ? '' : `data-state="${b.state}"`,
    b.pressed === undefined ? '' : `aria-pressed="${b.pressed}"`,
    b.disabled === 'attr' ? 'disabled' : '',
    b.disabled === 'aria' ? 'aria-disabled="true"' : '',
  ].filter(Boolean).join(' ');
  return `<button type="button" class="fui-Button fui-ToggleButton" ${attrs} aria-label="${b.label}" title="${b.label}"><span class="fui-Button__icon"><svg aria-hidden="true"></svg></span><span>${b.label.split(' ')[0]}</span></button>`;
}

export interface Toolbar {
  duration?: string | null;
  recording?: boolean;
  buttons: string[];
  /** Hang-up as Teams renders it: a button with the id, or a wrapper div around the button. */
  hangup?: 'button' | 'wrapper' | 'none';
  more?: boolean;
}

export function callScreen(t: Toolbar): string {
  const hangup = t.hangup === 'wrapper'
    ? '<div id="hangup-button" class="fui-SplitButton"><button type="button" data-tid="hangup-main-btn" class="fui-Button" aria-label="Leave">Leave</button></div>'
    : t.hangup === 'none' ? '' : '<button type="button" id="hangup-button" data-tid="hangup-main-btn" class="fui-Button" aria-label="Leave" title="Leave (Ctrl+Shift+H)">Leave</button>';
  return `<div data-tid="calling-screen" class="calling-screen">
  <div id="calling-unified-bar" role="toolbar" aria-label="Meeting controls" data-tid="calling-unified-bar">
    <div class="fui-Flex">${t.duration === null ? '' : `<span id="call-duration-custom" role="timer">${t.duration ?? '12:34'}</span>`}
    ${t.recording ? '<div id="recording-indicator-custom" role="img" aria-label="Recording has started"><span class="recording-dot"></span></div>' : ''}</div>
    <div class="fui-Flex">
      <button type="button" id="chat-button" class="fui-Button" aria-label="Chat">Chat</button>
      <button type="button" id="roster-button" class="fui-Button" aria-label="People">People</button>
      ${t.buttons.join('\n      ')}
      ${t.more === false ? '' : '<button type="button" id="callingButtons-showMoreBtn" class="fui-Button" aria-label="More" aria-haspopup="menu">More</button>'}
    </div>
    <div class="fui-Flex">${hangup}</div>
  </div>
  <div data-tid="video-gallery"><div data-tid="participant-tile" aria-label="Ada Lovelace, muted"></div></div>
</div>`;
}

/** A toolbar's standard buttons in the given states. */
export function standardButtons(s: { muted: boolean; camera: boolean; sharing: boolean; hand?: boolean }): string[] {
  return [
    button({ id: 'raisehands-button', label: s.hand ? 'Lower hand' : 'Raise hand', pressed: s.hand ?? false }),
    button({ id: 'reaction-menu-button', label: 'React' }),
    button({ id: 'video-button', label: s.camera ? 'Turn camera off' : 'Turn camera on', state: s.camera ? 'call-video' : 'call-video-off' }),
    button({ id: 'microphone-button', label: s.muted ? 'Unmute mic' : 'Mute mic', state: s.muted ? 'mic-off' : 'mic' }),
    button({ id: 'share-button', label: s.sharing ? 'Stop presenting' : 'Share content', state: s.sharing ? 'call-control-stop-presenting-new' : 'call-control-present-new' }),
  ];
}

/** The overflow menu's content, cloned into the page when "More" is clicked. */
export function overflowTemplate(items: string): string {
  return `<template id="fake-overflow-template"><div role="menu" class="fui-MenuPopover" aria-label="More options">${items}</div></template>`;
}
