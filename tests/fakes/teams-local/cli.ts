/**
 * A simulated Teams desktop local API for demos and manual testing:
 *   npx tsx tests/fakes/teams-local/cli.ts --port 8124 --script meeting --auto-approve
 * Without --auto-approve, press Enter to click "Allow" for a waiting pair request.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { startTeamsLocalSimulator } from './simulator';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8124' },
    host: { type: 'string', default: '127.0.0.1' },
    script: { type: 'string' },
    'step-ms': { type: 'string', default: '4000' },
    'auto-approve': { type: 'boolean', default: false },
    deltas: { type: 'boolean', default: false },
    duplicates: { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
const stepMs = Number(values['step-ms']);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number (got "${values.port}")`);
  process.exit(2);
}
if (!Number.isFinite(stepMs) || stepMs < 100) {
  console.error(`--step-ms must be at least 100 (got "${values['step-ms']}")`);
  process.exit(2);
}
if (values.script !== undefined && values.script !== 'meeting') {
  console.error(`unknown --script "${values.script}" (only "meeting")`);
  process.exit(2);
}

const stamp = () => new Date().toISOString().slice(11, 19);
const sim = await startTeamsLocalSimulator({
  port,
  host: values.host,
  autoApprove: values['auto-approve'],
  script: values.script === 'meeting' ? 'meeting' : undefined,
  scriptStepMs: stepMs,
  deltas: values.deltas,
  duplicates: values.duplicates,
  log: (line) => console.log(`${stamp()} ${line}`),
});
console.log(`${stamp()} Teams local API simulator on ${sim.url} (protocol 2.0.0)${values['auto-approve'] ? ', auto-approving pairing' : ''}`);
sim.events.on('frame', (f: { connectionId: number; raw: string }) => console.log(`${stamp()} connection ${f.connectionId} sent ${f.raw}`));
if (!values['auto-approve']) {
  sim.events.on('pair-request', () => console.log(`${stamp()} press Enter to click "Allow" in Teams`));
  createInterface({ input: process.stdin }).on('line', () => console.log(`${stamp()} approved ${sim.approvePairing()} pair request(s)`));
}

const shutdown = () => void sim.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
