import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Find a binary from Debian's packages, installing the package when it is missing and we run
 * as root (a fresh CI machine); otherwise fail with the command a person should run.
 */
export function ensureDebianBinary(path: string, pkg: string): string {
  if (existsSync(path)) return path;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`${path} is missing: install it with "sudo apt-get install -y ${pkg}" and run the tests again`);
  }
  process.stderr.write(`[tests] ${path} missing: installing Debian package "${pkg}"…\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env });
  if (!existsSync(path)) throw new Error(`installed "${pkg}" but ${path} is still missing`);
  return path;
}

export const chromiumPath = (): string => ensureDebianBinary('/usr/bin/chromium', 'chromium');
export const redisServerPath = (): string => ensureDebianBinary('/usr/bin/redis-server', 'redis-server');
/** Redis's environment, without libfaketime: tests may run at another wall-clock time, and Redis crashes with it loaded. */
export const redisEnv = (): NodeJS.ProcessEnv => ({ ...process.env, LD_PRELOAD: '' });
export const promtoolPath = (): string => ensureDebianBinary('/usr/bin/promtool', 'prometheus');
export const shellcheckPath = (): string => ensureDebianBinary('/usr/bin/shellcheck', 'shellcheck');
export const mosquittoPath = (): string => ensureDebianBinary('/usr/sbin/mosquitto', 'mosquitto');
export const opensslPath = (): string => ensureDebianBinary('/usr/bin/openssl', 'openssl');
export const mosquittoPasswdPath = (): string => ensureDebianBinary('/usr/bin/mosquitto_passwd', 'mosquitto');
