import type { Settings } from '../shared/messages';
import type { RunAction } from '../ui/use-action';

/** Options → Calendar notices: the opt-out of "your calendar changed your status". Saves at once. */
export function CalendarNotices(props: { settings: Settings; busy: boolean; run: RunAction; onSaved: (s: Settings) => void }) {
  const toggle = async (on: boolean) => {
    const reply = await props.run('saveSettings', { calendarNotifications: on });
    if (reply) props.onSaved(reply.settings);
  };
  return (
    <section class="card" aria-labelledby="notices-heading">
      <h2 id="notices-heading">Calendar notices</h2>
      <label class="switch">
        <input type="checkbox" role="switch" checked={props.settings.calendarNotifications} disabled={props.busy} onChange={(e) => void toggle(e.currentTarget.checked)} />
        <span>Tell me when my calendar changes my status</span>
      </label>
      <p class="hint">A browser notification when a meeting or an out-of-office block sets your status, and when it ends.</p>
    </section>
  );
}
