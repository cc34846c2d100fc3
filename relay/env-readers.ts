// Reading one environment variable each, with the error in words that names it. Every setting
// of relay/config.ts goes through these.

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export type Env = Record<string, string | undefined>;

export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function flag(env: Env, name: string): boolean {
  const raw = env[name]?.trim() || 'false';
  if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${name} must be "true" or "false", got "${raw}"`);
  return raw === 'true';
}

export function url(name: string, raw: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL, got "${raw}"`);
  }
  if (!protocols.includes(parsed.protocol)) throw new ConfigError(`${name} must start with ${protocols.join(' or ')}//, got "${raw}"`);
  return raw.replace(/\/+$/, '');
}

/**
 * A number of processes on this machine: a whole number from 1 to four per core, or `auto` for
 * one per core (`cores`: the machine's available parallelism). More than that would only take
 * turns on the same cores.
 */
export function processCount(env: Env, name: string, cores: number): number {
  const raw = env[name]?.trim();
  if (raw === 'auto') return cores;
  const max = 4 * cores;
  if (raw !== undefined && raw !== '' && !/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number of processes or "auto" (one per core), got "${raw}"`);
  const n = raw ? Number(raw) : 1;
  if (n < 1 || n > max) throw new ConfigError(`${name} must be between 1 and ${max} (four per core on this machine's ${cores}), or "auto", got ${n}`);
  return n;
}
