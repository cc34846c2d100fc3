import type { MqttConfig } from '../../config';

/** Every topic the MQTT output uses for one person, from the prefixes and their chosen name. */
export function personTopics(config: Pick<MqttConfig, 'prefix' | 'discoveryPrefix'>, name: string) {
  const base = `${config.prefix}/${name}`;
  return {
    /** Retained: the detailed public view as JSON. */
    state: `${base}/state`,
    /** Home Assistant presses buttons here; the payload is the action. */
    command: `${base}/command`,
    /** Not retained: the outcome of each command, JSON {id, action, ok, error?, expired, at}. */
    result: `${base}/command/result`,
    /** Retained: `online` while the person's extension holds a command stream. */
    controls: `${base}/controls`,
    /** Retained: the Home Assistant device discovery config. */
    discovery: `${config.discoveryPrefix}/device/${deviceId(config, name)}/config`,
    /** Retained: `online`/`offline` for the whole relay (the Last Will says offline). */
    availability: availabilityTopic(config),
  };
}

export function availabilityTopic(config: Pick<MqttConfig, 'prefix'>): string {
  return `${config.prefix}/status`;
}

/** The device id in Home Assistant, and the stem of every unique id. */
export function deviceId(config: Pick<MqttConfig, 'prefix'>, name: string): string {
  return `${config.prefix.replace(/\//g, '_')}_${name}`;
}
