/** The part of the Teams local-API simulator (tests/fakes/teams-local) the demo uses. */
interface SimulatorModule {
  startTeamsLocalSimulator(options: {
    port?: number;
    host?: string;
    autoApprove?: boolean;
    script?: 'meeting';
    scriptStepMs?: number;
    log?: (line: string) => void;
  }): Promise<{ url: string; close(): Promise<void> }>;
}

export interface RunningSimulator {
  url: string;
  stop(): Promise<void>;
}

// Loaded by path at run time: the simulator is a test fake, not part of the shipped tools, and
// a checkout without tests/ should still run the demo (just without a simulated Teams).
const MODULE_URL = new URL('../../tests/fakes/teams-local/simulator.ts', import.meta.url).href;

/**
 * Start the simulated Teams desktop in a looping meeting, auto-approving pairing, on Teams'
 * own port 8124 (or `port`; a free one when that is taken, e.g. by a real Teams), so a loaded
 * extension has a meeting to follow. Null, with a logged reason, when it cannot start.
 */
export async function startTeamsSimulator(log: (line: string) => void, opts: { port?: number; verbose?: boolean } = {}): Promise<RunningSimulator | null> {
  let mod: SimulatorModule;
  try {
    mod = (await import(MODULE_URL)) as SimulatorModule;
  } catch (err) {
    log(`⚠ Teams simulator not available (${err instanceof Error ? err.message : String(err)}); the demo runs without it`);
    return null;
  }
  for (const port of [opts.port ?? 8124, 0]) {
    try {
      const sim = await mod.startTeamsLocalSimulator({
        port,
        host: '127.0.0.1',
        autoApprove: true,
        script: 'meeting',
        scriptStepMs: 6_000,
        log: opts.verbose ? (line) => log(`teams-sim: ${line}`) : undefined,
      });
      return { url: sim.url, stop: () => sim.close() };
    } catch (err) {
      if (err instanceof Error && 'code' in err && err.code === 'EADDRINUSE' && port !== 0) continue;
      log(`⚠ Teams simulator could not start: ${err instanceof Error ? err.message : String(err)}`);
      return null;
    }
  }
  return null;
}
