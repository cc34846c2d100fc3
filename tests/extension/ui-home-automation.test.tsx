// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { HomeAutomation } from '../../extension/options/home-automation';
import type { MqttView } from '../../extension/shared/messages';
import { alertText, byLabel, button, click, fakeWorker, mount, ok, testEnv, type, until } from './ui-harness';

const mounted: (() => void)[] = [];
afterEach(() => mounted.splice(0).forEach((u) => u()));

const OFF: MqttView = { enabled: false, name: null, entities: [], brokerConfigured: true };

function worker(initial: MqttView = OFF, refuse?: string) {
  let mqtt = initial;
  return fakeWorker({
    getMqtt: () => ok({ mqtt }),
    setMqtt: async ({ enabled, name }) => {
      if (refuse) return { ok: false, error: refuse };
      const n = enabled ? (name ?? 'ada') : null;
      mqtt = { enabled, name: n, brokerConfigured: true, entities: n ? [`sensor.teams_status_${n}_availability`, `button.teams_status_${n}_mute`] : [] };
      return { ok: true, mqtt };
    },
  });
}

async function card(w = worker()) {
  const { root, unmount } = await mount(<HomeAutomation />, testEnv(w.send));
  mounted.push(unmount);
  await until(() => expect(byLabel(root, 'Publish to Home Assistant (MQTT)').disabled).toBe(false));
  return { root, w };
}

describe('options: home automation', () => {
  it('turns MQTT on and lists the Home Assistant entities', async () => {
    const { root, w } = await card();
    expect(root.textContent).not.toContain('button.teams_status');
    await click(byLabel(root, 'Publish to Home Assistant (MQTT)'));
    await until(() => expect(root.querySelector('[aria-label="Home Assistant entities"]')?.textContent).toContain('button.teams_status_ada_mute'));
    expect(w.of('setMqtt')).toEqual([{ enabled: true }]);
    expect(byLabel(root, 'Name in MQTT topics').value).toBe('ada');
  });

  it('sends a chosen name, and checks it before sending', async () => {
    const { root, w } = await card();
    await type(byLabel(root, 'Name in MQTT topics'), 'Desk Lamp!');
    await click(byLabel(root, 'Publish to Home Assistant (MQTT)'));
    await until(() => expect(root.textContent).toContain('Use lower-case letters, digits and dashes'));
    expect(w.of('setMqtt')).toEqual([]);
    await type(byLabel(root, 'Name in MQTT topics'), 'desk-lamp');
    await click(byLabel(root, 'Publish to Home Assistant (MQTT)'));
    await until(() => expect(root.textContent).toContain('sensor.teams_status_desk-lamp_availability'));
    expect(w.of('setMqtt')).toEqual([{ enabled: true, name: 'desk-lamp' }]);
  });

  it('turns it off, and says when the relay refuses or has no broker', async () => {
    const { root, w } = await card(worker({ enabled: true, name: 'ada', entities: ['sensor.teams_status_ada_availability'], brokerConfigured: false }));
    expect(root.textContent).toContain('no MQTT broker set up');
    expect(button(root, 'Save name')).toBeTruthy();
    await click(byLabel(root, 'Publish to Home Assistant (MQTT)'));
    await until(() => expect(root.querySelector('[aria-label="Home Assistant entities"]')).toBeNull());
    expect(w.of('setMqtt')).toEqual([{ enabled: false }]);
    const none = await mount(<HomeAutomation />, testEnv(worker({ ...OFF, brokerConfigured: false }).send));
    mounted.push(none.unmount);
    await until(() => expect(none.root.textContent).toContain('has not set MQTT_URL'));
    expect(none.root.querySelector('input')).toBeNull();
    const refused = await card(worker(OFF, 'the name "ada" is already used by someone else on this relay; choose another'));
    await click(byLabel(refused.root, 'Publish to Home Assistant (MQTT)'));
    await until(() => expect(alertText(refused.root)).toContain('already used by someone else'));
  });
});
