/** A click the fake Teams page acted on, as recorded by `GET /__control/clicks`. */
export interface FakeClick {
  control: 'mic' | 'camera' | 'share' | 'hand' | 'more' | 'hangup' | 'presence';
  /** The state the control shows after the click (data-state, aria-pressed or the menu item). */
  after: string | null;
}

/**
 * How the fake Teams page reacts to clicks, like Teams does: toggles `data-state` and the
 * action label of the call buttons, opens the overflow menu from its <template>, ignores
 * disabled controls. It is serialised into the served page (`toString()`), so it must stay
 * self-contained: no imports, no outer variables, plain DOM calls only.
 */
export function installTeamsBehaviour(doc: Document, report: (click: FakeClick) => void): void {
  const toggles: Record<string, { control: FakeClick['control']; states: [string, string]; labels: [string, string] }> = {
    'microphone-button': { control: 'mic', states: ['mic', 'mic-off'], labels: ['Mute mic', 'Unmute mic'] },
    'video-button': { control: 'camera', states: ['call-video', 'call-video-off'], labels: ['Turn camera off', 'Turn camera on'] },
    'share-button': { control: 'share', states: ['call-control-stop-presenting-new', 'call-control-present-new'], labels: ['Stop presenting', 'Share content'] },
  };
  const disabled = (el: Element) => el.hasAttribute('disabled') || el.getAttribute('aria-disabled') === 'true';
  const closeMenu = () => doc.querySelector('[data-fake-overflow-menu]')?.remove();
  const flipHand = (el: Element) => {
    const raised = el.getAttribute('aria-pressed') !== 'true';
    el.setAttribute('aria-pressed', String(raised));
    el.setAttribute('aria-label', raised ? 'Lower hand' : 'Raise hand');
    return raised;
  };

  doc.addEventListener('click', (event) => {
    const target = event.target as Element | null;
    const el = target?.closest('button, [role="menuitem"], [role="menuitemradio"], [role="menuitemcheckbox"]');
    if (!el || disabled(el)) return;
    const id = el.id;
    const toggle = toggles[id];
    if (toggle) {
      const on = el.getAttribute('data-state') !== toggle.states[0];
      el.setAttribute('data-state', on ? toggle.states[0] : toggle.states[1]);
      el.setAttribute('aria-label', on ? toggle.labels[0] : toggle.labels[1]);
      report({ control: toggle.control, after: el.getAttribute('data-state') });
    } else if (id === 'raisehands-button') {
      const raised = flipHand(el);
      // The overflow menu is rebuilt from its template each time: keep the template in step.
      const inTemplate = (doc.getElementById('fake-overflow-template') as HTMLTemplateElement | null)?.content.getElementById('raisehands-button');
      if (inTemplate && inTemplate !== el) flipHand(inTemplate);
      closeMenu();
      report({ control: 'hand', after: String(raised) });
    } else if (id === 'callingButtons-showMoreBtn') {
      if (doc.querySelector('[data-fake-overflow-menu]')) {
        closeMenu();
        report({ control: 'more', after: 'closed' });
        return;
      }
      const template = doc.getElementById('fake-overflow-template') as HTMLTemplateElement | null;
      const layer = doc.createElement('div');
      layer.setAttribute('data-fake-overflow-menu', '');
      layer.id = 'fluent-default-layer-host';
      if (template) layer.appendChild(template.content.cloneNode(true));
      doc.body.appendChild(layer);
      report({ control: 'more', after: 'open' });
    } else if (id === 'hangup-button' || el.getAttribute('data-tid') === 'hangup-main-btn' || el.closest('#hangup-button')) {
      report({ control: 'hangup', after: null });
    } else if ((el.getAttribute('data-tid') ?? '').startsWith('me_control_presence_availability_')) {
      report({ control: 'presence', after: el.getAttribute('data-tid') });
    }
  });
}
