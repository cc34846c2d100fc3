// Open event streams are file descriptors: one relay process holds as many viewers as its
// RLIMIT_NOFILE allows, and many systems start processes with a soft limit of 1,024. Node has
// no setrlimit, so `npm start` re-runs itself once under a shell that raised the soft limit
// to the hard one (raising the hard limit is the operator's: ulimit, systemd LimitNOFILE,
// docker --ulimit; see docs/deploy.md).
import { execFileSync, spawn } from 'node:child_process';

const RAISED = 'TEAMS_STATUS_FD_LIMIT_RAISED';

/** Soft and hard RLIMIT_NOFILE of this process (as its shell children inherit them), or null. */
export function fdLimits(): { soft: number; hard: number } | null {
  try {
    const [soft, hard] = execFileSync('sh', ['-c', 'ulimit -Sn; ulimit -Hn'], { encoding: 'utf8' }).trim().split('\n');
    const value = (v: string | undefined) => (v === 'unlimited' ? Number.POSITIVE_INFINITY : Number(v));
    const limits = { soft: value(soft), hard: value(hard) };
    return Number.isNaN(limits.soft) || Number.isNaN(limits.hard) ? null : limits;
  } catch {
    return null;
  }
}

/**
 * When the soft limit is below the hard one: run this same command again with it raised, pass
 * signals on, and leave with the child's exit code (the promise never settles then). Otherwise
 * resolve at once and carry on in this process.
 */
export function raiseFdLimit(): Promise<void> {
  const limits = fdLimits();
  if (process.env[RAISED] || !limits || limits.soft >= limits.hard) return Promise.resolve();
  const child = spawn('sh', ['-c', 'ulimit -n "$(ulimit -Hn)" && exec "$@"', 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [RAISED]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return new Promise(() => {});
}
