import type { TimelineSegment } from '../shared/messages';
import { durationWords } from '../../core';

export interface ClippedSegment extends TimelineSegment {
  startMs: number;
  endMs: number;
}

/** Segments cut to [fromMs, toMs]; the worker may hand back pieces that cross midnight or now. */
export function clipSegments(segments: TimelineSegment[], fromMs: number, toMs: number): ClippedSegment[] {
  return segments
    .map((s) => ({ ...s, startMs: Math.max(Date.parse(s.start), fromMs), endMs: Math.min(Date.parse(s.end), toMs) }))
    .filter((s) => Number.isFinite(s.startMs) && Number.isFinite(s.endMs) && s.endMs > s.startMs);
}

const BUSY = new Set(['Busy', 'DoNotDisturb']);

export function totals(segments: ClippedSegment[]): { callMs: number; busyMs: number } {
  let callMs = 0;
  let busyMs = 0;
  for (const s of segments) {
    if (s.inCall) callMs += s.endMs - s.startMs;
    if (BUSY.has(s.availability)) busyMs += s.endMs - s.startMs;
  }
  return { callMs, busyMs };
}

/** The sentence a screen reader hears instead of the chart. */
export function timelineSentence(segments: ClippedSegment[]): string {
  if (segments.length === 0) return 'Nothing recorded yet today.';
  const { callMs, busyMs } = totals(segments);
  return `${durationWords(callMs)} in calls today; ${durationWords(busyMs)} busy or do not disturb.`;
}
