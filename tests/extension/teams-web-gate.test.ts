import { describe, expect, it } from 'vitest';
import { createUpdateGate } from '../../extension/sources/teams-web/update-gate';
import type { TeamsWebSnapshot } from '../../extension/shared/content-messages';
import { parseTeamsPage } from '../../extension/sources/teams-web/parse-call-state';
import { loadFixture } from '../fakes/teams-web/dom';
import type { FixtureName } from '../fakes/teams-web/fixtures';

function snap(name: FixtureName): TeamsWebSnapshot {
  const page = loadFixture(name);
  const s = parseTeamsPage(page.document);
  void page.close();
  return s;
}

describe('update gate: send on change, heartbeat when quiet', () => {
  const opts = { heartbeatMs: 30_000, pageChangedGraceMs: 10_000 };

  it('sends the first reading, then only changes, then a heartbeat', () => {
    const gate = createUpdateGate(opts);
    const muted = snap('in-call-muted');
    expect(gate.offer(muted, 0)?.reason).toBe('start');
    expect(gate.offer(snap('in-call-muted'), 5_000)).toBeNull();
    expect(gate.offer(snap('in-call-unmuted'), 6_000)).toEqual({ snapshot: snap('in-call-unmuted'), reason: 'change' });
    expect(gate.offer(snap('in-call-unmuted'), 35_000)).toBeNull();
    expect(gate.offer(snap('in-call-unmuted'), 36_000)?.reason).toBe('heartbeat');
    expect(gate.offer(snap('in-call-unmuted'), 40_000)).toBeNull();
    expect(gate.current()).toEqual(snap('in-call-unmuted'));
  });

  it('sends again after the worker did not take an update', () => {
    const gate = createUpdateGate(opts);
    gate.offer(snap('idle-busy'), 0);
    gate.forget();
    expect(gate.offer(snap('idle-busy'), 1_000)?.reason).toBe('start');
  });

  it('holds "page-changed" through the grace period, then reports it', () => {
    const gate = createUpdateGate(opts);
    expect(gate.offer(snap('idle-available'), 0)?.reason).toBe('start');
    const changed = snap('page-changed-shell');
    expect(gate.offer(changed, 1_000)).toBeNull();
    expect(gate.offer(changed, 9_000)).toBeNull();
    expect(gate.offer(changed, 11_000)).toEqual({ snapshot: changed, reason: 'change' });
  });

  it('forgets a brief "page-changed" that cleared up (Teams drawing its shell before its badge)', () => {
    const gate = createUpdateGate(opts);
    gate.offer(snap('idle-available'), 0);
    gate.offer(snap('page-changed-shell'), 1_000);
    expect(gate.offer(snap('idle-available'), 2_000)).toBeNull();
    expect(gate.offer(snap('page-changed-shell'), 3_000)).toBeNull();
    expect(gate.offer(snap('page-changed-shell'), 12_000)).toBeNull();
    expect(gate.offer(snap('page-changed-shell'), 13_000)?.reason).toBe('change');
  });
});
