import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionBrowser } from './extension';

/**
 * After a failed end-to-end test: a screenshot of every open page and the worker's log, in a
 * folder named for the test under `root`, so the failure can be read afterwards. `log` is asked
 * for after the screenshots, as it may talk to the extension.
 */
export async function keepFailureArtifacts(root: string, testName: string, ext: ExtensionBrowser, log: () => string | Promise<string>): Promise<void> {
  const dir = join(root, testName.replace(/[^a-z0-9]+/gi, '-').slice(0, 80));
  mkdirSync(dir, { recursive: true });
  for (const [i, page] of ext.context.pages().entries()) await page.screenshot({ path: join(dir, `page-${i}.png`) }).catch(() => undefined);
  writeFileSync(join(dir, 'worker.log'), await log());
}
