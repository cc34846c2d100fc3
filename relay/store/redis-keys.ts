/**
 * Key layout of the Redis store (one logical database, prefix `ts:`):
 *
 *   ts:user:{userId}      string  JSON UserRecord (holds tokenHash, shareId, shareLevel)
 *   ts:share:{shareId}    string  userId; deleted the moment a share is rotated away
 *   ts:status:{userId}    string  JSON StatusRecord (latest report per source, seq, last resolution)
 *   ts:history:{userId}   stream  one entry per change of availability/activity/call state, id
 *                                 <atMs>-<n>; trimmed with XADD MINID ~ (now − HISTORY_DAYS) and
 *                                 PEXPIREd to HISTORY_DAYS so an idle person's history ages out
 *   ts:users              zset    userId scored by createdAt (ms): the org API's pages and count
 *   ts:roster             hash    lower-case email → userId of each roster entry
 *   ts:rl:{key}           string  fixed-window hit counter, PEXPIREd to its window
 *   ts:lease:{name}       string  `<fencingToken>:<holder>` of a job lease, PEXPIREd to its ttl
 *   ts:fence:{name}       string  the lease's last fencing token (INCR on every new grant)
 *   ts:job:{name}         string  JSON state of a job (last run, errors), written fenced
 *   ts:doc:{kind}         hash    id → JSON document (meeting roulette's settings, choices, rounds, codes)
 *
 *   channel ts:events     JSON StoreEvent, published inside the same script as the write
 *
 * Values are JSON strings rather than hashes because every write replaces the whole record
 * and the compare-and-set scripts compare the exact string that was read.
 */
export const keys = {
  user: (userId: string) => `ts:user:${userId}`,
  share: (shareId: string) => `ts:share:${shareId}`,
  status: (userId: string) => `ts:status:${userId}`,
  history: (userId: string) => `ts:history:${userId}`,
  users: 'ts:users',
  roster: 'ts:roster',
  rateLimit: (key: string) => `ts:rl:${key}`,
  lease: (name: string) => `ts:lease:${name}`,
  fence: (name: string) => `ts:fence:${name}`,
  job: (name: string) => `ts:job:${name}`,
  documents: (kind: string) => `ts:doc:${kind}`,
} as const;

export const EVENTS_CHANNEL = 'ts:events';
