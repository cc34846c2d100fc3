import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../relay/config';

const base = { GRAPH_TENANT_ID: 'contoso', GRAPH_CLIENT_ID: '11111111-2222-3333-4444-555555555555' };

describe('GRAPH_* and job settings', () => {
  it('without Graph the jobs have nothing to run; defaults follow the contract', () => {
    const c = loadConfig({});
    expect(c.graph).toBeNull();
    expect(c.jobs).toEqual({ calendarMinutes: 5, presenceSeconds: 60, rosterMinutes: 0, leaseSeconds: 30 });
  });

  it('a secret or a certificate; authority and base URL default to the public cloud and can change', () => {
    expect(loadConfig({ ...base, GRAPH_CLIENT_SECRET: 's' }).graph).toEqual({
      ...{ tenantId: 'contoso', clientId: base.GRAPH_CLIENT_ID },
      credential: { kind: 'secret', secret: 's' },
      authority: 'https://login.microsoftonline.com',
      baseUrl: 'https://graph.microsoft.com',
      maxConcurrency: 4,
    });
    const us = loadConfig({ ...base, GRAPH_CLIENT_CERTIFICATE: '/etc/relay/app.pem', GRAPH_AUTHORITY: 'https://login.microsoftonline.us/', GRAPH_BASE_URL: 'https://graph.microsoft.us', GRAPH_MAX_CONCURRENCY: '8' }).graph;
    expect(us).toMatchObject({ credential: { kind: 'certificate', pemPath: '/etc/relay/app.pem' }, authority: 'https://login.microsoftonline.us', baseUrl: 'https://graph.microsoft.us', maxConcurrency: 8 });
  });

  it('the Teams bot is the Graph app unless it has a registration of its own; the Bot Connector defaults to the public cloud', () => {
    const app = '2b7e9a0c-5d1f-4c8e-9a3b-7f6e5d4c3b2a';
    expect(loadConfig({ ...base, GRAPH_CLIENT_SECRET: 's' }).teamsBot).toBeNull();
    expect(loadConfig({ ...base, GRAPH_CLIENT_SECRET: 's', TEAMS_APP_ID: app }).teamsBot).toEqual({ appId: app, clientId: base.GRAPH_CLIENT_ID, credential: { kind: 'secret', secret: 's' }, serviceUrl: 'https://smba.trafficmanager.net/teams/' });
    const own = loadConfig({ ...base, GRAPH_CLIENT_CERTIFICATE: '/app.pem', TEAMS_APP_ID: app, BOT_CLIENT_ID: '22222222-2222-3333-4444-555555555555', BOT_CLIENT_SECRET: 'b', BOT_SERVICE_URL: 'https://smba.infra.gcc.teams.microsoft.com/teams' }).teamsBot;
    expect(own).toEqual({ appId: app, clientId: '22222222-2222-3333-4444-555555555555', credential: { kind: 'secret', secret: 'b' }, serviceUrl: 'https://smba.infra.gcc.teams.microsoft.com/teams/' });
  });

  it.each([
    [{ GRAPH_TENANT_ID: 'contoso' }, /GRAPH_TENANT_ID and GRAPH_CLIENT_ID go together/],
    [base, /needs a credential: GRAPH_CLIENT_SECRET or GRAPH_CLIENT_CERTIFICATE/],
    [{ ...base, GRAPH_CLIENT_SECRET: 's', GRAPH_CLIENT_CERTIFICATE: '/x.pem' }, /not both/],
    [{ ...base, GRAPH_CLIENT_SECRET: 's', GRAPH_BASE_URL: 'http://graph.microsoft.com' }, /GRAPH_BASE_URL must start with https:/],
    [{ TEAMS_APP_ID: '2b7e9a0c-5d1f-4c8e-9a3b-7f6e5d4c3b2a' }, /TEAMS_APP_ID needs Microsoft Graph: set GRAPH_TENANT_ID, GRAPH_CLIENT_ID and a credential/],
    [{ ...base, GRAPH_CLIENT_SECRET: 's', TEAMS_APP_ID: 'Teams Status' }, /TEAMS_APP_ID must be the app's id in the Teams app catalog \(a GUID/],
    [{ ...base, GRAPH_CLIENT_SECRET: 's', TEAMS_APP_ID: '2b7e9a0c-5d1f-4c8e-9a3b-7f6e5d4c3b2a', BOT_CLIENT_ID: '22222222-2222-3333-4444-555555555555' }, /BOT_CLIENT_ID and BOT_CLIENT_SECRET go together/],
    [{ BOT_CLIENT_SECRET: 'x' }, /need TEAMS_APP_ID/],
    [{ ...base, GRAPH_CLIENT_SECRET: 's', TEAMS_APP_ID: '2b7e9a0c-5d1f-4c8e-9a3b-7f6e5d4c3b2a', BOT_SERVICE_URL: 'http://smba.example' }, /BOT_SERVICE_URL must start with https:/],
    [{ JOB_LEASE_SECONDS: '120' }, /JOB_LEASE_SECONDS must be between 2 and 60/],
    [{ CALENDAR_SYNC_MINUTES: 'often' }, /CALENDAR_SYNC_MINUTES must be a whole number/],
  ])('refuses %j in words', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
