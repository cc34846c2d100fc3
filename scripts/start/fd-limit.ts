// Open event streams are file descriptors: one relay process holds as many viewers as its
// RLIMIT_NOFILE allows, and many systems start processes with a soft limit of 1,024. Node has
// no setrlimit, so `npm start` re-runs itself once under a shell that raised the soft limit
// to the hard one (raising the hard limit is the operator's: ulimit, systemd LimitNOFILE,
// docker --ulimit; see docs/deploy.md). A benchmark that needs more may ask for a number: a
// process with CAP_SYS_RESOURCE (root, unless a container dropped it) may raise the hard limit
// up to the kernel's fs.nr_open, and gets it.
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/** The most descriptors the kernel lets any process have (fs.nr_open), or null off Linux. */
function kernelMax(): number | null {
  try {
    return Number(readFileSync('/proc/sys/fs/nr_open', 'utf8').trim()) || null;
  } catch {
    return null;
  }
}

/** Whether this process may raise its hard limit: Linux's CAP_SYS_RESOURCE (bit 24) is effective. */
export function mayRaiseHardLimit(): boolean {
  try {
    const hex = /^CapEff:\s+([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    return hex !== undefined && ((BigInt(`0x${hex}`) >> 24n) & 1n) === 1n;
  } catch {
    return false;
  }
}

/**
 * When the soft limit is below the hard one (or, with `want`, below `want` and this process is
 * allowed to raise the hard limit too): run this same command again with it raised, pass
 * signals on, and leave with the child's exit code (the promise never settles then). Otherwise
 * resolve at once and carry on in this process.
 */
export function raiseFdLimit(want?: number): Promise<void> {
  const limits = fdLimits();
  if (process.env[RAISED] || !limits) return Promise.resolve();
  const max = kernelMax();
  const target = want !== undefined && limits.hard < want && mayRaiseHardLimit() ? Math.min(want, max ?? want) : limits.hard;
  if (limits.soft >= target) return Promise.resolve();
  // Should raising the hard limit fail after all, the soft one still goes up to the hard one.
  const raise = target > limits.hard ? `{ ulimit -Hn ${target} && ulimit -n ${target}; } 2>/dev/null || ` : '';
  const script = `${raise}ulimit -n "$(ulimit -Hn)"; exec "$@"`;
  const child = spawn('sh', ['-c', script, 'sh', process.execPath, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [RAISED]: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return new Promise(() => {});
}
