import { render } from 'preact';
import { send } from '../platform/messaging';
import { requestHostAccess, requestRelayAccess } from '../platform/permissions';
import { browserEnv, UiEnvProvider } from '../ui/ui-env';
import { PopupApp } from './popup-app';

const root = document.getElementById('app');
if (root) {
  render(
    <UiEnvProvider env={browserEnv({ send, requestRelayAccess, requestHostAccess })}>
      <PopupApp />
    </UiEnvProvider>,
    root,
  );
}
