import { useCallback, useEffect, useState } from 'preact/hooks';
import { RULE_WHENS, type ChannelInput, type Rule, type RuleWhen } from '../../core';
import type { NotifyOverview } from '../shared/notify-messages';
import { ErrorAlert } from '../ui/error-alert';
import { useAction } from '../ui/use-action';
import { useUiEnv } from '../ui/ui-env';
import { ChannelForm } from './channel-form';
import { CHANNEL_KIND, deliveryWords, RULE_WORDS, watchWords } from '../ui/notify-words';

/** Options → Notifications: channels with their rules and last deliveries, and the watches on the share link. */
export function NotificationsCard() {
  const { send, timeZone } = useUiEnv();
  const { run, error, pending } = useAction();
  const [overview, setOverview] = useState<NotifyOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const load = useCallback(async () => {
    const reply = await send('getNotifications', null);
    if (reply.ok) setOverview(reply.overview);
    setLoadError(reply.ok ? null : reply.error);
  }, [send]);
  useEffect(() => void load(), [load]);

  const add = async (input: ChannelInput) => {
    const reply = await run('addChannel', input);
    if (!reply) return;
    setNotice(reply.secret ? `Channel added. Its signing secret, shown only now: ${reply.secret}` : 'Channel added. Choose below when it should hear from you.');
    await load();
  };
  const toggle = async (channelId: string, when: RuleWhen, on: boolean) => {
    if (!overview) return;
    const others = overview.rules.filter((r) => !(r.channelId === channelId && r.when === when));
    const rules: Rule[] = on ? [...others, { channelId, when }] : others;
    if (await run('setRules', { rules })) await load();
  };
  const act = async (type: 'removeChannel' | 'testChannel' | 'removeWatch', id: string, words: string) => {
    if (!(await run(type, { id }))) return;
    setNotice(words);
    await load();
  };

  return (
    <section class="card" aria-labelledby="notify-heading">
      <h2 id="notify-heading">Notifications</h2>
      <ErrorAlert messages={[error, loadError && `Cannot read your notification settings: ${loadError}`]} />
      <p class="notice" role="status">
        {notice}
      </p>
      {overview === null ? (
        <p class="hint">{loadError ? 'Not available right now.' : 'Loading…'}</p>
      ) : (
        <>
          {overview.channels.length === 0 && <p>No channels yet. Add one to hear about your status changes elsewhere.</p>}
          <ul class="channels">
            {overview.channels.map((c) => {
              const label = `${CHANNEL_KIND[c.type]} ${c.name ?? c.target}`;
              return (
                <li key={c.id}>
                  <p class="channel-name">
                    <strong>{CHANNEL_KIND[c.type]}</strong> <span class="mono">{c.name ?? c.target}</span>
                  </p>
                  <p class="hint">{c.disabled ? `Off: ${c.disabled.reason}` : deliveryWords(c.deliveries[0], timeZone)}</p>
                  <fieldset>
                    <legend>Tell it when</legend>
                    {RULE_WHENS.map((when) => (
                      <label class="check">
                        <input type="checkbox" checked={overview.rules.some((r) => r.channelId === c.id && r.when === when)} disabled={pending} onChange={(e) => void toggle(c.id, when, e.currentTarget.checked)} />
                        <span>{RULE_WORDS[when]}</span>
                      </label>
                    ))}
                  </fieldset>
                  <button type="button" disabled={pending || c.disabled !== null} aria-label={`Send a test to ${label}`} onClick={() => void act('testChannel', c.id, `Test sent to ${label}.`)}>
                    Send a test
                  </button>{' '}
                  <button type="button" disabled={pending} aria-label={`Remove ${label}`} onClick={() => void act('removeChannel', c.id, `${label} removed.`)}>
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
          <ChannelForm busy={pending} onAdd={(input) => void add(input)} />
          <h3>Watches on your link</h3>
          {overview.watches.length === 0 ? (
            <p class="hint">Nobody is waiting to hear when you are free.</p>
          ) : (
            <ul class="watches">
              {overview.watches.map((w) => (
                <li key={w.id}>
                  {watchWords(w, timeZone)}{' '}
                  <button type="button" disabled={pending} aria-label={`Remove: ${watchWords(w, timeZone)}`} onClick={() => void act('removeWatch', w.id, 'Watch removed; they will not be told.')}>
                    Remove
                  </button>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
