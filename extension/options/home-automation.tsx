import { useEffect, useState } from 'preact/hooks';
import { OUTPUT_NAME_PATTERN } from '../../core';
import type { MqttView } from '../shared/messages';
import { ErrorAlert } from '../ui/error-alert';
import { TextField } from '../ui/text-field';
import { useAction } from '../ui/use-action';
import { useUiEnv } from '../ui/ui-env';

/**
 * Options → Home automation: turn the relay's MQTT output on (Home Assistant discovers a device
 * with your status and call buttons) and see the entity names it creates.
 */
export function HomeAutomation() {
  const { send } = useUiEnv();
  const { run, error, pending } = useAction();
  const [mqtt, setMqtt] = useState<MqttView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | null>(null);

  useEffect(() => {
    void send('getMqtt', null).then((reply) => {
      if (!reply.ok) return setLoadError(`Cannot read the home automation setting: ${reply.error}`);
      setMqtt(reply.mqtt);
      setName(reply.mqtt?.name ?? '');
    });
  }, [send]);

  const save = async (enabled: boolean) => {
    const wanted = name.trim();
    if (enabled && wanted && !OUTPUT_NAME_PATTERN.test(wanted)) {
      return setNameError('Use lower-case letters, digits and dashes (up to 40), starting and ending with a letter or digit.');
    }
    setNameError(null);
    const reply = await run('setMqtt', enabled && wanted ? { enabled, name: wanted } : { enabled });
    if (!reply) return;
    setMqtt(reply.mqtt);
    setName(reply.mqtt.name ?? '');
  };

  const on = mqtt?.enabled === true;
  // Most relays have no broker: say so in a line rather than offer a switch that does nothing.
  if (mqtt && !mqtt.brokerConfigured && !on) {
    return (
      <section class="card" aria-labelledby="home-automation-heading">
        <h2 id="home-automation-heading">Home automation</h2>
        <p class="hint">This relay does not publish to MQTT (Home Assistant): its administrator has not set MQTT_URL.</p>
      </section>
    );
  }
  return (
    <section class="card" aria-labelledby="home-automation-heading">
      <h2 id="home-automation-heading">Home automation</h2>
      <ErrorAlert messages={[loadError, error]} />
      {mqtt && !mqtt.brokerConfigured && <p class="warning">This relay has no MQTT broker set up (MQTT_URL), so nothing is published yet.</p>}
      <p class="hint">Publish your status to the relay's MQTT broker. Home Assistant finds a device with your status, call sensors and buttons that mute, toggle the camera, raise your hand or leave the call.</p>
      <TextField id="mqtt-name" label="Name in MQTT topics" class="mono" value={name} onInput={setName} error={nameError} hint="Optional; from your name when empty." />
      <label class="switch">
        <input type="checkbox" role="switch" checked={on} disabled={pending || mqtt === null} onChange={(e) => void save(e.currentTarget.checked)} />
        <span>Publish to Home Assistant (MQTT)</span>
      </label>
      {on && (
        <>
          <button type="button" disabled={pending} onClick={() => void save(true)}>
            Save name
          </button>
          <p>Home Assistant entities:</p>
          <ul class="entities mono" aria-label="Home Assistant entities">
            {mqtt.entities.map((id) => (
              <li key={id}>{id}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
