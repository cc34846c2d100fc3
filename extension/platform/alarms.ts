/** Named alarms: they wake a stopped service worker, unlike timers. */
export type AlarmName = 'outbox-retry' | 'heartbeat' | 'status-tick';

export function setAlarm(name: AlarmName, whenMs: number): void {
  // Chrome clamps alarms to ≥ 30 s; callers pair short delays with a timer while awake.
  void chrome.alarms.create(name, { when: whenMs });
}

export function setRepeatingAlarm(name: AlarmName, periodMinutes: number): void {
  void chrome.alarms.create(name, { periodInMinutes: periodMinutes, delayInMinutes: periodMinutes });
}

export function clearAlarm(name: AlarmName): void {
  void chrome.alarms.clear(name);
}

/** Register at the top level of the worker (MV3: listeners must exist on every start). */
export function onAlarm(handler: (name: string) => void): void {
  chrome.alarms.onAlarm.addListener((alarm) => handler(alarm.name));
}
