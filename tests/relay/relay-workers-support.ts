// What the RELAY_WORKERS tests read off a primary's log and the process table.

/** The primary's line for each worker it forks: "relay: worker <slot> started (pid <pid>)". */
const STARTED = /relay: worker (\d+) started \(pid (\d+)\)/g;

/** The pid the primary logged for a worker slot first (its first start), or null before then. */
export function startedPid(output: string, slot: number): number | null {
  for (const m of output.matchAll(STARTED)) if (Number(m[1]) === slot) return Number(m[2]);
  return null;
}

/** The latest pid the primary logged for each worker slot (replacements included). */
export function workerPids(output: string): Map<string, number> {
  const pids = new Map<string, number>();
  for (const m of output.matchAll(STARTED)) pids.set(m[1]!, Number(m[2]));
  return pids;
}

/** Whether a process is still there (signal 0 checks without sending anything). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
