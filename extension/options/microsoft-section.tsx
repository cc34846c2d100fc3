import { useCallback, useEffect, useState } from 'preact/hooks';
import type { MicrosoftView, Settings } from '../shared/messages';
import { TextField } from '../ui/text-field';
import type { RunAction } from '../ui/use-action';
import { useUiEnv } from '../ui/ui-env';

type MicrosoftPatch = Pick<Settings, 'msClientId' | 'msTenant' | 'msAuthority' | 'graphBaseUrl' | 'graphWriteBack'>;

const PERMISSIONS = ['User.Read', 'Presence.Read', 'Calendars.ReadBasic'];

/**
 * Options → Microsoft 365: the person's own app registration (client ID, tenant), sign-in and
 * sign-out, and what to register: the exact redirect URI for this browser, the permissions,
 * the admin-consent link. Tokens stay in the worker; this page only sees who is signed in.
 */
export function MicrosoftSection(props: { settings: Settings; busy: boolean; run: RunAction; onSaved: (s: Settings) => void; onNotice: (n: string) => void }) {
  const { send } = useUiEnv();
  const { settings, run } = props;
  const [view, setView] = useState<MicrosoftView | null>(null);
  const [clientId, setClientId] = useState(settings.msClientId);
  const [tenant, setTenant] = useState(settings.msTenant);
  const [authority, setAuthority] = useState(settings.msAuthority);
  const [graphBase, setGraphBase] = useState(settings.graphBaseUrl);
  const [writeBack, setWriteBack] = useState(settings.graphWriteBack);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const reply = await send('getMicrosoft', null);
    if (reply.ok) setView(reply.microsoft);
  }, [send]);
  useEffect(() => void refresh(), [refresh]);

  const patch = (): MicrosoftPatch => ({ msClientId: clientId.trim(), msTenant: tenant.trim() || 'organizations', msAuthority: authority.trim(), graphBaseUrl: graphBase.trim(), graphWriteBack: writeBack });
  const save = async (): Promise<boolean> => {
    if (!clientId.trim()) {
      setError('Enter the Application (client) ID of your app registration (Entra admin center → App registrations → your app → Overview).');
      return false;
    }
    setError(null);
    const reply = await run('saveSettings', patch());
    if (reply) props.onSaved(reply.settings);
    await refresh();
    return reply !== null;
  };
  const signIn = async (e: Event) => {
    e.preventDefault();
    if (!(await save())) return;
    const reply = await run('signInMicrosoft', null);
    if (reply) {
      setView(reply.microsoft);
      props.onNotice(`Signed in to Microsoft 365 as ${reply.microsoft.name ?? ''}.`);
    } else await refresh();
  };
  const signOut = async () => {
    const reply = await run('signOutMicrosoft', null);
    if (reply) {
      setView(reply.microsoft);
      props.onNotice('Signed out of Microsoft 365. Presence and calendar are no longer read.');
    }
  };
  const saveAdvanced = async (e: Event) => {
    e.preventDefault();
    if (await save()) props.onNotice('Microsoft 365 settings saved.');
  };

  return (
    <section class="card" aria-labelledby="microsoft-heading">
      <h2 id="microsoft-heading">Microsoft 365</h2>
      <p class="hint">Reads your Teams presence and your calendar's free/busy from Microsoft Graph. Everything else keeps working without it.</p>
      {view?.signedIn ? (
        <div class="signed-in">
          <p>
            Signed in as {view.name} ({view.email})
          </p>
          <button type="button" disabled={props.busy} onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      ) : (
        <form onSubmit={(e) => void signIn(e)} noValidate>
          {view?.problem && <p class="warning">{view.problem}</p>}
          <TextField id="ms-client-id" label="Application (client) ID" class="mono" value={clientId} onInput={setClientId} error={error} placeholder="00000000-0000-0000-0000-000000000000" />
          <TextField id="ms-tenant" label="Tenant" class="mono" value={tenant} onInput={setTenant} error={null} hint='"organizations" lets any work or school account sign in; or your tenant ID or domain.' />
          <button type="submit" class="primary" disabled={props.busy}>
            Sign in with Microsoft
          </button>
        </form>
      )}
      <details class="registration">
        <summary>How to register the app</summary>
        <p>
          In the Entra admin center, App registrations → New registration. Under Authentication add the platform <strong>Single-page application</strong> with this redirect URI:
        </p>
        <p>
          <code class="mono" data-testid="redirect-uri">
            {view?.redirectUri ?? '…'}
          </code>
        </p>
        <p>
          API permissions (Microsoft Graph, delegated): {PERMISSIONS.join(', ')}
          {writeBack ? ', Presence.ReadWrite (for the status message during calls)' : '; Presence.ReadWrite only if you turn on the status message during calls'}.
        </p>
        {view?.adminConsentUrl ? (
          <p>
            If your organisation lets only administrators consent, send them the{' '}
            <a href={view.adminConsentUrl} target="_blank" rel="noreferrer">
              admin-consent link
            </a>
            .
          </p>
        ) : (
          <p class="hint">Enter the client ID to get the admin-consent link for your administrator.</p>
        )}
      </details>
      <details class="advanced">
        <summary>Advanced</summary>
        <form onSubmit={(e) => void saveAdvanced(e)} noValidate>
          <label class="switch">
            <input type="checkbox" role="switch" checked={writeBack} onChange={(e) => setWriteBack(e.currentTarget.checked)} />
            <span>During a call, set my Teams status message ("In a call — back at 11:00")</span>
          </label>
          <p class="hint">Needs the Presence.ReadWrite permission: saving this change signs you out, and the next sign-in asks for it.</p>
          <TextField id="ms-authority" label="Sign-in authority" class="mono" value={authority} onInput={setAuthority} error={null} hint="https://login.microsoftonline.com; sovereign clouds use their own (e.g. https://login.microsoftonline.us)." />
          <TextField id="graph-base" label="Graph base URL" class="mono" value={graphBase} onInput={setGraphBase} error={null} hint="https://graph.microsoft.com; e.g. https://graph.microsoft.us for US Government." />
          <button type="submit" disabled={props.busy}>
            Save Microsoft 365 settings
          </button>
        </form>
      </details>
    </section>
  );
}
