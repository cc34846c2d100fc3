import { render } from 'preact';
import { send } from '../platform/messaging';
import { requestHostAccess, requestRelayAccess } from '../platform/permissions';
import { browserEnv, UiEnvProvider } from '../ui/ui-env';
import { OptionsApp } from './options-app';

const root = document.getElementById('app');
if (root) {
  render(
    <UiEnvProvider env={browserEnv({ send, requestRelayAccess, requestHostAccess })}>
      <OptionsApp />
    </UiEnvProvider>,
    root,
  );
}
