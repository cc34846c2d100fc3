import type { TeamsIdentity } from './runtime';

export const DEFAULT_TEAMS_LOCAL_URL = 'ws://127.0.0.1:8124';
export const PROTOCOL_VERSION = '2.0.0';

/** Our tuple; only app-version varies (with the extension), which Teams treats as a new app. */
export function teamsIdentity(appVersion: string): TeamsIdentity {
  return { manufacturer: 'Teams Status', device: 'Browser', app: 'Teams Status', appVersion };
}

/** Checks the configured address; returns a message for the person when it is unusable. */
export function checkAddress(address: string): string | null {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return `"${address}" is not a valid address (expected something like ${DEFAULT_TEAMS_LOCAL_URL}).`;
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') return `The Teams local API address must start with ws:// (got "${address}").`;
  return null;
}

/**
 * The connect URL exactly as the captures show it: protocol-version, manufacturer, device, app,
 * app-version, then token only when Teams has issued one (never a placeholder).
 */
export function buildConnectUrl(address: string, identity: TeamsIdentity, token: string | null): string {
  const url = new URL(address);
  const params = new URLSearchParams();
  params.set('protocol-version', PROTOCOL_VERSION);
  params.set('manufacturer', identity.manufacturer);
  params.set('device', identity.device);
  params.set('app', identity.app);
  params.set('app-version', identity.appVersion);
  if (token) params.set('token', token);
  // Written as the captures show it: no "/" between the port and "?".
  const path = url.pathname === '/' ? '' : url.pathname;
  return `${url.protocol}//${url.host}${path}?${params.toString()}`;
}
