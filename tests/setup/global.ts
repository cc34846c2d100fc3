import { chromiumPath, mosquittoPath, redisServerPath } from '../support/install';

/**
 * Runs once before any test file: make sure Redis, Mosquitto and Chromium are present (installing
 * Debian's packages on a fresh machine when running as root), so parallel test files never
 * race each other into apt-get. Each suite then starts its own servers on free ports.
 */
export default function setup(): void {
  redisServerPath();
  mosquittoPath();
  chromiumPath();
}
