import { copyFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

/** Where browser tests leave their screenshots (not committed). */
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** The docs' pictures change only when asked (UPDATE_DOC_IMAGES=1), so a test run leaves the tree clean. */
export function keepForDocs(name: string): void {
  if (process.env.UPDATE_DOC_IMAGES === '1') copyFileSync(join(ARTIFACTS, name), join(ROOT, 'docs', 'images', name));
}
