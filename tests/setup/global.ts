import { helmPath } from '../support/helm';
import { chromiumPath, mosquittoPath, promtoolPath, redisServerPath, shellcheckPath } from '../support/install';

/**
 * Runs once before any test file: make sure Redis, Mosquitto, Chromium, promtool and shellcheck
 * are present (installing Debian's packages on a fresh machine when running as root) and helm is
 * unpacked, so parallel test files never race each other into apt-get. Each suite then starts its
 * own servers on free ports.
 */
export default function setup(): void {
  redisServerPath();
  mosquittoPath();
  chromiumPath();
  promtoolPath();
  shellcheckPath();
  helmPath();
}
