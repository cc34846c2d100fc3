import { describe, expect, it } from 'vitest';
import { RequestWindow } from '../../relay/jobs/presence/request-window';

describe('the presence budget (1,500 requests per 30 s)', () => {
  it('lets `limit` requests through at once, and the next only when the oldest leaves the window', async () => {
    let now = 1_000_000;
    const window = new RequestWindow(3, 100, () => now);
    for (let i = 0; i < 3; i++) await window.take();
    let fourth = false;
    const waiting = window.take().then(() => (fourth = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    now += 100;
    await waiting;
    expect(fourth).toBe(true);
  });
});
