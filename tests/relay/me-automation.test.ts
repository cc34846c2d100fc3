import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../relay/store/store';
import { register, startTestRelay } from '../support/relay-process';
import { embeddedFactory, redisFactory, storeForBlock } from './store-factories';

describe.each([embeddedFactory(), redisFactory()])('PUT /api/v1/me/automation ("take the wheel"): $name store', (factory) => {
  let store: Store;
  let base: string;
  let close: () => Promise<void>;

  storeForBlock(factory, (opened) => (store = opened));
  beforeAll(async () => {
    ({ url: base, close } = await startTestRelay(store));
  });
  afterAll(async () => {
    await close?.();
  });

  const call = (token: string, method: string, path: string, body?: unknown) =>
    fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('pauses the calendar until a time, then hands it back with null', async () => {
    const { token } = await register(base);
    const now = Date.now();
    const busy = { observedAt: new Date(now).toISOString(), current: { start: new Date(now - 60_000).toISOString(), end: new Date(now + 3_600_000).toISOString(), showAs: 'busy' } };
    expect((await call(token, 'PUT', '/api/v1/me/sources/calendar', busy)).status).toBe(200);
    const until = new Date(now + 1_800_000).toISOString();
    const paused = await call(token, 'PUT', '/api/v1/me/automation', { calendarPausedUntil: until });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ automation: { calendarPausedUntil: until }, status: { availability: 'Unknown', source: null } });
    expect(await (await call(token, 'GET', '/api/v1/me/status')).json()).toMatchObject({ automation: { calendarPausedUntil: until } });
    const back = await call(token, 'PUT', '/api/v1/me/automation', { calendarPausedUntil: null });
    expect(await back.json()).toMatchObject({ automation: { calendarPausedUntil: null }, status: { availability: 'Busy', source: 'calendar' } });
  });

  it('refuses bad input in words: a non-time, an unknown field, a pause beyond 31 days, no token', async () => {
    const { token } = await register(base);
    const bad = await call(token, 'PUT', '/api/v1/me/automation', { calendarPausedUntil: 'tomorrow' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { field: 'calendarPausedUntil' } });
    expect((await call(token, 'PUT', '/api/v1/me/automation', { pause: true })).status).toBe(400);
    const far = await call(token, 'PUT', '/api/v1/me/automation', { calendarPausedUntil: new Date(Date.now() + 40 * 86_400_000).toISOString() });
    expect(far.status).toBe(422);
    expect((await call('nope', 'PUT', '/api/v1/me/automation', {})).status).toBe(401);
  });
});
