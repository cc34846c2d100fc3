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

/** The week whose round is due now, or null: roulette off, not yet the weekday and time, or a round too recent. */
async function dueWeek(roulette: Roulette, now: () => number): Promise<string | null> {
  const settings = await roulette.data.settings();
  if (!settings.enabled) return null;
  const weekOf = mondayOf(wallClock(now(), settings.timeZone).date);
  const last = (await roulette.data.history()).at(-1);
  const weeksSince = last ? Math.round((Date.parse(`${weekOf}T00:00:00Z`) - Date.parse(`${last.weekOf}T00:00:00Z`)) / WEEK_MS) : Infinity;
  return now() < dueAt(settings, weekOf) || weeksSince < settings.everyWeeks ? null : weekOf;
}

/**
 * `roulette`: a real round once the week's weekday and time have come (in the organisation's
 * zone), every `everyWeeks` weeks, while the settings say enabled. Run by the jobs runner, so
 * one replica at a time; a week that already has a round is never drawn twice. The check every
 * ten minutes that finds no round due is idle: it logs nothing (an operator's log shows rounds).
 */
export function rouletteJob(roulette: Roulette, now: () => number): Job {
  return {
    name: 'roulette',
    everyMs: CHECK_MS,
    summary: (c) => `the round: ${c.synced}/${c.people} people placed in pairs, ${c.errors} not placed`,
    idle: async () => (await dueWeek(roulette, now)) === null,
    async run(ctx: JobRunContext): Promise<JobOutcome> {
      const weekOf = await dueWeek(roulette, now);
      if (weekOf === null || ctx.signal.aborted) return { people: 0, requests: 0 };
      const round = await roulette.plan({ weekOf }, (phase, done, total) => {
        if (phase === 'events' || phase === 'slots') ctx.progress(done, total);
      });
      ctx.synced(round.figures.placed);
      for (const u of round.unpaired) ctx.personError({ email: u.email, code: 'not_placed', message: u.reason });
      return { people: round.figures.eligible, requests: 0 };
    },
  };
}
