import { useEffect, useState } from 'preact/hooks';
import type { TimelineSegment } from '../shared/messages';
import { clipSegments, timelineSentence } from './timeline-summary';
import { localDay, startOfLocalDay } from './time-words';
import { useUiEnv } from './ui-env';

const HOUR = 3_600_000;
const WIDTH = 320;
const LEFT = 4;
const RIGHT = 4;

/** Hours shown: a working day (06–22), widened when today had activity outside it. */
function visibleRange(dayStart: number, segs: { startMs: number; endMs: number }[]): [number, number] {
  let from = dayStart + 6 * HOUR;
  let to = dayStart + 22 * HOUR;
  for (const s of segs) {
    from = Math.min(from, dayStart + Math.floor((s.startMs - dayStart) / HOUR) * HOUR);
    to = Math.max(to, dayStart + Math.ceil((s.endMs - dayStart) / HOUR) * HOUR);
  }
  return [from, to];
}

/** Today's availability and calls as a small SVG chart, with the same facts as a sentence. */
export function TimelineChart() {
  const { send, now } = useUiEnv();
  const [segments, setSegments] = useState<TimelineSegment[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void send('getTimeline', { day: localDay(now()) }).then((reply) => {
        if (!live) return;
        if (reply.ok) {
          setSegments(reply.segments);
          setError(null);
        } else setError(reply.error);
      });
    load();
    const id = setInterval(load, 60_000);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [send, now]);

  const nowMs = now();
  const dayStart = startOfLocalDay(nowMs);
  const clipped = clipSegments(segments ?? [], dayStart, nowMs);
  const [from, to] = visibleRange(dayStart, clipped);
  const x = (ms: number) => LEFT + ((ms - from) / (to - from)) * (WIDTH - LEFT - RIGHT);
  const ticks: number[] = [];
  for (let t = from; t <= to; t += 3 * HOUR) ticks.push(t);

  return (
    <section class="card" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Today</h2>
      {error ? (
        <p class="field-error">Could not load today's timeline: {error}</p>
      ) : (
        <>
          <svg class="timeline" viewBox={`0 0 ${WIDTH} 52`} width="100%" aria-hidden="true" focusable="false">
            <rect class="lane" x={LEFT} y={4} width={WIDTH - LEFT - RIGHT} height={16} rx={3} />
            <rect class="lane" x={LEFT} y={24} width={WIDTH - LEFT - RIGHT} height={8} rx={2} />
            {clipped.map((s) => (
              <rect key={`a${s.startMs}`} x={x(s.startMs)} y={4} width={Math.max(1, x(s.endMs) - x(s.startMs))} height={16} style={{ fill: `var(--status-${s.availability})` }} />
            ))}
            {clipped
              .filter((s) => s.inCall)
              .map((s) => (
                <rect key={`c${s.startMs}`} class="call-bar" x={x(s.startMs)} y={24} width={Math.max(1, x(s.endMs) - x(s.startMs))} height={8} />
              ))}
            {nowMs >= from && nowMs <= to && <line class="now-line" x1={x(nowMs)} x2={x(nowMs)} y1={2} y2={34} />}
            {ticks.map((t) => (
              <text key={t} class="tick" x={x(t)} y={48} text-anchor={t === from ? 'start' : t === to ? 'end' : 'middle'}>
                {String(new Date(t).getHours()).padStart(2, '0')}
              </text>
            ))}
          </svg>
          <p class="timeline-summary">{segments === null ? 'Loading today…' : timelineSentence(clipped)}</p>
          <p class="legend hint" aria-hidden="true">
            <span class="legend-swatch status" /> status <span class="legend-swatch call" /> in a call
          </p>
        </>
      )}
    </section>
  );
}
