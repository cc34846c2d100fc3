/** Named alarms: they wake a stopped service worker, unlike timers. Sources own `source:<id>:<name>`. */
export type AlarmName = 'outbox-retry' | 'heartbeat' | `source:${string}`;

export function setAlarm(name: AlarmName, whenMs: number): void {
  // Chrome clamps alarms to ≥ 30 s; callers pair short delays with a timer while awake.
  void chrome.alarms.create(name, { when: whenMs });
}

/**
 * Create a repeating alarm unless it already exists: re-creating it on every worker start
 * would push its next firing back each time. Before Chrome 120 periods under 1 min are clamped.
 */
export function ensureRepeatingAlarm(name: AlarmName, periodMinutes: number): void {
  void chrome.alarms.get(name).then((existing) => {
    if (!existing) void chrome.alarms.create(name, { periodInMinutes: periodMinutes });
  });
}

/** Register at the top level of the worker (MV3: listeners must exist on every start). */
export function onAlarm(handler: (name: string) => void): void {
  chrome.alarms.onAlarm.addListener((alarm) => handler(alarm.name));
}

export function clearAlarm(name: AlarmName): void {
  void chrome.alarms.clear(name);
}
