/** The causes an operator can act on, in words (the rest keep Node's own message). */
const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
};

/**
 * A file-system failure as an operator needs it: what was being done, to which file (full path),
 * and why, e.g. "could not write /var/lib/relay/journal.jsonl: ENOSPC (no space left on device)".
 */
export function diskError(action: 'read' | 'write', path: string, err: unknown): Error {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const cause = code ? `${code} (${CAUSES[code] ?? (err as Error).message})` : String(err);
  return new Error(`could not ${action} ${path}: ${cause}`, { cause: err });
}
