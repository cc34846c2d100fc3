import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../relay/config';
import { startRelay, type RunningRelay } from '../../relay/start';
import { startTeamsWebFake, teamsWebChromiumArgs, type TeamsWebFake } from '../fakes/teams-web/server';
import { launchWithExtension, type ExtensionBrowser } from '../support/extension';
import { freePort } from '../support/ports';
import { quietLogger } from '../support/relay-process';

/** What the screenshot suites drive: a relay of its own, Teams on the web in a call, and Chromium with the built extension. */
export interface ExtensionRig {
  relay: RunningRelay;
  teams: TeamsWebFake;
  browser: ExtensionBrowser;
}

/** The rig for this test file: started before its tests (relay data in a fresh `dirPrefix` folder), stopped after; `started` receives it. */
export function extensionRigForFile(dirPrefix: string, started: (rig: ExtensionRig) => void): void {
  let dataDir = '';
  let relay: RunningRelay | undefined;
  let teams: TeamsWebFake | undefined;
  let browser: ExtensionBrowser | undefined;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), dirPrefix));
    relay = await startRelay(loadConfig({ PORT: String(await freePort()), HOST: '127.0.0.1', RELAY_DATA_DIR: dataDir }), { log: quietLogger });
    teams = await startTeamsWebFake({ state: 'in-call-unmuted' });
    browser = await launchWithExtension({ args: teamsWebChromiumArgs(teams.port) });
    started({ relay, teams, browser });
  });
  afterAll(async () => {
    await browser?.close();
    await relay?.stop();
    await teams?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
}
