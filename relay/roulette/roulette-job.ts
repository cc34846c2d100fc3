import type { RouletteSettings } from '../../core';
import type { Job, JobOutcome, JobRunContext } from '../jobs/job';
import { mondayOf, type Roulette } from './rounds';
import { instantOf, wallClock } from './time-zones';

/** How often the job looks whether a round is due (the round itself happens once per period). */
const CHECK_MS = 10 * 60_000;
const WEEK_MS = 7 * 86_400_000;

/** When this week's round is due: the settings' weekday and time in their zone. */
export function dueAt(settings: RouletteSettings, weekOf: string): number {
  const days = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'].indexOf(settings.weekday);
  const date = new Date(Date.parse(`${weekOf}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const [h, m] = settings.time.split(':').map(Number);
  return instantOf(date, h! * 60 + m!, settings.timeZone);
}

/**
 * `roulette`: a real round once the week's weekday and time have come (in the organisation's
 * zone), every `everyWeeks` weeks, while the settings say enabled. Run by the jobs runner, so
 * one replica at a time; a week that already has a round is never drawn twice.
 */
export function rouletteJob(roulette: Roulette, now: () => number): Job {
  return {
    name: 'roulette',
    everyMs: CHECK_MS,
    async run(ctx: JobRunContext): Promise<JobOutcome> {
      const settings = await roulette.data.settings();
      if (!settings.enabled) return { people: 0, requests: 0 };
      const weekOf = mondayOf(wallClock(now(), settings.timeZone).date);
      const history = await roulette.data.history();
      const last = history.at(-1);
      const weeksSince = last ? Math.round((Date.parse(`${weekOf}T00:00:00Z`) - Date.parse(`${last.weekOf}T00:00:00Z`)) / WEEK_MS) : Infinity;
      if (now() < dueAt(settings, weekOf) || weeksSince < settings.everyWeeks || ctx.signal.aborted) return { people: 0, requests: 0 };
      const round = await roulette.plan({ weekOf }, (phase, done, total) => {
        if (phase === 'events' || phase === 'slots') ctx.progress(done, total);
      });
      ctx.synced(round.figures.placed);
      for (const u of round.unpaired) ctx.personError({ email: u.email, code: 'not_placed', message: u.reason });
      return { people: round.figures.eligible, requests: 0 };
    },
  };
}
