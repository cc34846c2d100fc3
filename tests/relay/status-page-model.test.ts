import { describe, expect, it } from 'vitest';
import { AVAILABILITIES, availabilityLabel } from '../../core';
import { safeAvatarUrl, timelineSegments, timelineSummary } from '../../relay/pages/browser/status-model';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const MIN = 60_000;
const ago = (ms: number) => new Date(NOW - ms).toISOString();

describe('status page model (shared by the server and the browser)', () => {
  it('accepts only absolute https avatar URLs', () => {
    expect(safeAvatarUrl('https://img.example/a.png')).toBe('https://img.example/a.png');
    for (const bad of ['http://img.example/a.png', 'javascript:alert(1)', 'data:image/png;base64,AA', '//img.example/a.png', 42, null]) {
      expect(safeAvatarUrl(bad)).toBeNull();
    }
  });

  it('turns history into stretches of the last hours, merging repeats and clipping to the window', () => {
    const H = 60 * MIN;
    const items = [
      { at: ago(10 * H), availability: 'Away' as const },
      { at: ago(6 * H), availability: 'Busy' as const },
      { at: ago(5 * H), availability: 'Busy' as const },
      { at: ago(2 * H), availability: 'Available' as const },
    ];
    const segments = timelineSegments(items, NOW, 8 * H);
    expect(segments).toEqual([
      { availability: 'Away', start: 0, end: 0.25 },
      { availability: 'Busy', start: 0.25, end: 0.75 },
      { availability: 'Available', start: 0.75, end: 1 },
    ]);
    expect(timelineSummary(segments, 8 * H)).toBe('Busy 4 h, Away 2 h, Available 2 h');
    expect(timelineSegments([], NOW, 8 * H)).toEqual([]);
    expect(timelineSegments([{ at: ago(30 * MIN), availability: 'Busy' }], NOW, 8 * H)).toEqual([{ availability: 'Busy', start: 0.9375, end: 1 }]);
  });

  it("names every availability in the timeline summary with core's words", () => {
    for (const a of AVAILABILITIES) expect(timelineSummary([{ availability: a, start: 0, end: 1 }], 60 * MIN)).toBe(`${availabilityLabel(a)} 1 h`);
  });
});
