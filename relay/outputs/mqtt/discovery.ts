import { AVAILABILITIES, type CommandAction } from '../../../core';
import type { MqttConfig } from '../../config';
import { deviceId, personTopics } from './topics';

/** Names the device's origin in Home Assistant's logs and device page. */
const ORIGIN = { name: 'Teams Status', sw: '0.1.0' } as const;

type Component = Record<string, unknown> & { p: 'sensor' | 'binary_sensor' | 'button' };

/** The call flags from the state JSON; a person not in a call has `call: null`. */
const flag = (key: string) => `{{ 'ON' if value_json.call and value_json.call.${key} else 'OFF' }}`;

const SENSORS: Record<string, Component> = {
  availability: { p: 'sensor', name: 'Availability', icon: 'mdi:account-circle', device_class: 'enum', options: [...AVAILABILITIES], value_template: '{{ value_json.availability }}' },
  activity: { p: 'sensor', name: 'Activity', icon: 'mdi:account-clock', value_template: '{{ value_json.activity }}' },
  label: { p: 'sensor', name: 'Status', icon: 'mdi:card-account-details', value_template: '{{ value_json.label }}' },
  in_call: { p: 'binary_sensor', name: 'In a call', icon: 'mdi:phone-in-talk', value_template: flag('inCall') },
  muted: { p: 'binary_sensor', name: 'Muted', icon: 'mdi:microphone-off', value_template: flag('muted') },
  camera: { p: 'binary_sensor', name: 'Camera', icon: 'mdi:video', value_template: flag('camera') },
  sharing: { p: 'binary_sensor', name: 'Sharing', icon: 'mdi:monitor-share', value_template: flag('sharing') },
};

const BUTTONS: Record<string, { name: string; icon: string; action: CommandAction }> = {
  mute: { name: 'Toggle mute', icon: 'mdi:microphone', action: 'toggle-mute' },
  toggle_camera: { name: 'Toggle camera', icon: 'mdi:video-switch', action: 'toggle-video' },
  hand: { name: 'Raise or lower hand', icon: 'mdi:hand-back-right', action: 'toggle-hand' },
  leave: { name: 'Leave call', icon: 'mdi:phone-hangup', action: 'leave-call' },
};

function objectId(config: Pick<MqttConfig, 'prefix'>, name: string, key: string): string {
  return `${deviceId(config, name)}_${key}`.replace(/-/g, '_');
}

/** The entity ids discovery suggests (Home Assistant keeps them unless the person renames one). */
export function entityIds(config: Pick<MqttConfig, 'prefix'>, name: string): string[] {
  return [...Object.entries(SENSORS).map(([key, c]) => `${c.p}.${objectId(config, name, key)}`), ...Object.keys(BUTTONS).map((key) => `button.${objectId(config, name, key)}`)];
}

/**
 * One Home Assistant device per person (device-based discovery: `dev`, `o`, `cmps`). The sensors
 * read the retained state JSON; the buttons publish their action to the command topic and are
 * available only while the relay is online and the person's extension holds a command stream.
 */
export function discoveryConfig(config: Pick<MqttConfig, 'prefix' | 'discoveryPrefix'>, name: string, displayName: string): Record<string, unknown> {
  const topics = personTopics(config, name);
  const id = deviceId(config, name);
  const cmps: Record<string, Component> = {};
  for (const [key, component] of Object.entries(SENSORS)) {
    cmps[key] = { ...component, unique_id: `${id}_${key}`, default_entity_id: `${component.p}.${objectId(config, name, key)}` };
  }
  for (const [key, button] of Object.entries(BUTTONS)) {
    cmps[key] = {
      p: 'button',
      name: button.name,
      icon: button.icon,
      unique_id: `${id}_${key}`,
      default_entity_id: `button.${objectId(config, name, key)}`,
      command_topic: topics.command,
      payload_press: button.action,
      availability: [{ topic: topics.availability }, { topic: topics.controls }],
      availability_mode: 'all',
    };
  }
  return {
    dev: { ids: [id], name: `Teams Status ${displayName}`, mf: 'Teams Status', mdl: 'Person', sw: ORIGIN.sw },
    o: ORIGIN,
    cmps,
    state_topic: topics.state,
    availability: [{ topic: topics.availability }],
    qos: 1,
  };
}
