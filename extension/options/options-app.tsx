import { useCallback, useEffect, useState } from 'preact/hooks';
import type { ShareLevel } from '../../core';
import type { PopupState, Settings, SourceLine } from '../shared/messages';
import { ErrorAlert } from '../ui/error-alert';
import { PaletteStyle } from '../ui/palette-style';
import { useAction } from '../ui/use-action';
import { useUiEnv } from '../ui/ui-env';
import { AdvancedSettings } from './advanced-settings';
import { CalendarLinkForm } from './calendar-link-form';
import { CalendarNotices } from './calendar-notices';
import { ConnectForm } from './connect-form';
import { JoinForm } from './join-form';
import { MicrosoftSection } from './microsoft-section';
import { RelayAccount } from './relay-account';

type Share = NonNullable<PopupState['share']>;

const RELAY_POLL_MS = 5_000;

/** The options page: connect to a relay, manage the share link, advanced Teams settings. */
export function OptionsApp() {
  const { send, requestRelayAccess, requestHostAccess } = useUiEnv();
  const [accessError, setAccessError] = useState<string | null>(null);
  const { run, error: actionError, pending } = useAction();
  const [settings, setSettings] = useState<Settings | null>(null);
  const [share, setShare] = useState<Share | null>(null);
  const [relay, setRelay] = useState<PopupState['health']['relay'] | null>(null);
  const [calendarLine, setCalendarLine] = useState<SourceLine | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');

  const load = useCallback(async () => {
    const [s, st] = await Promise.all([send('getSettings', null), send('getState', null)]);
    if (s.ok) setSettings(s.settings);
    if (st.ok) {
      setShare(st.state.share);
      setRelay(st.state.health.relay);
      setCalendarLine(st.state.health.sources.find((l) => l.id === 'calendar-link') ?? null);
    }
    setLoadError(!s.ok ? s.error : !st.ok ? st.error : null);
  }, [send]);
  useEffect(() => void load(), [load]);
  // Keep the relay line current (syncing → synced, offline) while the page stays open, and
  // retry the first load if the worker was not answering then.
  const loaded = settings !== null;
  useEffect(() => {
    const id = setInterval(() => {
      if (!loaded) return void load();
      void send('getState', null).then((st) => {
        if (!st.ok) return;
        setShare(st.state.share);
        setRelay(st.state.health.relay);
        setCalendarLine(st.state.health.sources.find((l) => l.id === 'calendar-link') ?? null);
      });
    }, RELAY_POLL_MS);
    return () => clearInterval(id);
  }, [send, load, loaded]);

  const connect = async (relayUrl: string, displayName: string, inviteCode?: string) => {
    setNotice('');
    setAccessError(null);
    // A relay that is not on this computer needs the person's permission, asked from this click.
    let allowed: boolean;
    try {
      allowed = await requestRelayAccess(relayUrl);
    } catch (err) {
      setAccessError(`The browser could not ask for access to ${new URL(relayUrl).host}: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    if (!allowed) {
      setAccessError(`The extension needs your permission to reach ${new URL(relayUrl).host}. Press Connect again and choose Allow.`);
      return;
    }
    const reply = await run('connectRelay', inviteCode ? { relayUrl, displayName, inviteCode } : { relayUrl, displayName });
    if (!reply) return;
    setShare(reply.share);
    setNotice('Connected. Your share link is ready.');
    await load();
  };
  const setLevel = async (level: ShareLevel) => {
    const reply = await run('setShareLevel', { level });
    if (reply) {
      setShare(reply.share);
      setNotice(`The link now shows the ${level} view.`);
    }
  };
  const rotate = async () => {
    const reply = await run('rotateShare', null);
    if (reply) {
      setShare(reply.share);
      setNotice('New link created; the old one no longer works.');
    }
  };
  const disconnect = async () => {
    // A failure may still have disconnected this browser (the relay was unreachable): re-read either way.
    if (await run('disconnectRelay', null)) {
      setShare(null);
      setNotice('Disconnected. Your account on the relay was deleted.');
    }
    await load();
  };
  const saveAdvanced = async (patch: Pick<Settings, 'teamsLocalUrl' | 'teamsLocalEnabled'>) => {
    const reply = await run('saveSettings', patch);
    if (reply) {
      setSettings(reply.settings);
      setNotice('Advanced settings saved.');
    }
  };

  const saveCalendarLink = async (calendarLinkUrl: string | null) => {
    setNotice('');
    // The worker reads the link before answering, so the line below already says how it went.
    const reply = await run('saveSettings', { calendarLinkUrl });
    if (!reply) return;
    setSettings(reply.settings);
    setNotice(calendarLinkUrl ? 'Calendar link saved.' : 'Calendar link removed.');
    await load();
  };

  const revoked = relay?.state === 'revoked';
  const connected = share !== null && !revoked && relay?.state !== 'not-connected';
  return (
    <main class="options">
      <PaletteStyle />
      <h1>Teams Status settings</h1>
      <ErrorAlert messages={[accessError, actionError, loadError && `Cannot read the extension's settings: ${loadError}`]} />
      <p class="notice" role="status">
        {notice}
      </p>
      <section class="card" aria-labelledby="relay-heading">
        <h2 id="relay-heading">Relay and sharing</h2>
        {settings === null ? (
          <p class="hint">Loading…</p>
        ) : connected ? (
          <RelayAccount relayUrl={settings.relayUrl ?? ''} relay={relay} share={share} busy={pending} onLevel={(l) => void setLevel(l)} onRotate={() => void rotate()} onDisconnect={() => void disconnect()} />
        ) : (
          <>
            {revoked && <p class="warning">The relay no longer accepts this extension (the account was deleted or its key revoked). Connect again to get a new share link.</p>}
            {!revoked && <p>Connect to a relay to publish your status and get a link to share it.</p>}
            <ConnectForm initialUrl={settings.relayUrl ?? ''} initialName={settings.displayName ?? ''} busy={pending} onConnect={(u, n) => void connect(u, n)} />
            <JoinForm busy={pending} onJoin={(u, code) => void connect(u, settings.displayName ?? '', code)} />
          </>
        )}
      </section>
      {settings && <MicrosoftSection settings={settings} busy={pending} run={run} onSaved={setSettings} onNotice={setNotice} />}
      {settings && <CalendarNotices settings={settings} busy={pending} run={run} onSaved={setSettings} />}
      {settings && (
        <section class="card" aria-labelledby="calendar-heading">
          <h2 id="calendar-heading">Calendar</h2>
          <p>Show "Busy until 11:00" from your calendar without signing in to Microsoft 365: paste a published calendar link.</p>
          <CalendarLinkForm saved={settings.calendarLinkUrl ?? null} health={calendarLine} busy={pending} requestHostAccess={requestHostAccess} onSave={saveCalendarLink} />
        </section>
      )}
      {settings && (
        <section class="card" aria-labelledby="teams-heading">
          <h2 id="teams-heading">Teams</h2>
          <AdvancedSettings settings={settings} busy={pending} onSave={(p) => void saveAdvanced(p)} />
        </section>
      )}
    </main>
  );
}
