/**
 * Key layout of the Redis store (one logical database, prefix `ts:`). Every key carries a hash
 * tag (the part in braces), so it runs unchanged on Redis Cluster: every script touches the keys
 * of one tag, hence one slot.
 *
 *   ts:{u:<userId>}:user      string  JSON UserRecord (holds tokenHash, shareId, shareLevel)
 *   ts:{u:<userId>}:status    string  JSON StatusRecord (latest report per source, seq, last resolution)
 *   ts:{u:<userId>}:v         string  version: INCRed by every write of user or status; the writes
 *                                     compare this number instead of resending the documents
 *   ts:{u:<userId>}:history   stream  one entry per change of availability/activity/call state, id
 *                                     <atMs>-<n>; trimmed with XADD MINID ~ (now − HISTORY_DAYS) and
 *                                     PEXPIREd to HISTORY_DAYS so an idle person's history ages out
 *   ts:{u:<userId>}:rl        string  the person's per-token rate-limit window (read with the user)
 *   ts:{u:<userId>}:fence:<lease>     highest fencing token a job wrote this person with
 *   ts:{u:<userId>}:outbox    stream  cluster only: notification entries (field `c`: JSON QueuedChange)
 *                                     written by the status write script, on their way to
 *                                     ts:{notify}:queue; deleted once empty (redis-outbox.ts)
 *   ts:{s:<shareId>}          string  userId; deleted the moment a share is rotated away
 *   ts:{people}:users         zset    userId scored by createdAt (ms): the org API's pages and count
 *   ts:{people}:roster        hash    lower-case email → userId of each roster entry
 *   ts:{rl:<key>}             string  fixed-window hit counter, PEXPIREd to its window
 *   ts:{lease:<name>}:holder  string  `<fencingToken>:<holder>` of a job lease, PEXPIREd to its ttl
 *   ts:{lease:<name>}:fence   string  the lease's last fencing token (INCR on every new grant)
 *   ts:{lease:<name>}:job     string  JSON state of the job holding that lease, written fenced
 *   ts:{mqtt}:outputs         hash    userId → MQTT output name (people who turned it on)
 *   ts:{mqtt}:names           hash    MQTT output name → userId (names are unique)
 *   ts:{aof}:rewrite          string  ms when a replica last started BGREWRITEAOF after a deletion
 *   ts:doc:{kind}             hash    id → JSON document (meeting roulette's settings, choices, rounds, codes); one key per command
 *
 *   channel ts:events         JSON StoreEvent, published inside the same script as the write
 *                             (transient events — commands — are published on their own)
 *
 * Indexes in another slot than the person (share id, people, roster, MQTT names) are written
 * in a separate step ordered so that a crash between steps leaves only an index entry pointing
 * at nobody, which every reader skips (redis-writes.ts says the order for each write).
 *
 * A status change's notification cannot be added to the queue (slot {notify}) by the person's
 * script on a cluster, so it goes through a transactional outbox in the person's own slot: the
 * write script appends it to ts:{u:<id>}:outbox, the writer moves it into the queue (deduped by
 * ts:{notify}:moved) and then removes it; a crash in between leaves it in the outbox, where
 * every replica's sweep (a SCAN of every master at start and every NOTIFY_OUTBOX_SWEEP_MS)
 * finds and moves it.
 *
 * Notifications (redis-notify.ts), all under one tag so their scripts run on one slot:
 *   ts:{notify}:queue       stream  one entry per visible status change (field `c`: JSON QueuedChange),
 *                                   added by the status write script on one Redis; on a cluster
 *                                   moved from the person's outbox (above); consumer group
 *                                   `notify`; XACKed and XDELed once scheduled
 *   ts:{notify}:moved       zset    cluster only: event id → ms it was moved from an outbox into the
 *                                   queue, so a second move of the same entry adds nothing; kept
 *                                   MOVED_KEEP_MS (6 h), trimmed by each move
 *   ts:{notify}:jobs        zset    delivery job key → due ms (a leased job: its lease's end)
 *   ts:{notify}:job         hash    delivery job key → JSON DeliveryJob
 *   ts:{notify}:ch:<id>     string  JSON StoredChannel
 *   ts:{notify}:chs:<owner> set     channel ids of an owner (`user:<id>`, `org`)
 *   ts:{notify}:rules:<owner> string JSON Rule[]
 *   ts:{notify}:watches:<userId> hash watch id → JSON StoredWatch
 *   ts:{notify}:log:<logId> hash    event id → JSON DeliveryRecord; ts:{notify}:logi:<logId> zset orders them
 *   ts:{notify}:dead:<logId> list   dead letters (JSON DeliveryJob), newest first, at most 100
 *   ts:{notify}:vapid       string  JSON VapidKeys, set once (SET NX)
 */
const person = (userId: string) => `ts:{u:${userId}}`;

export const keys = {
  user: (userId: string) => `${person(userId)}:user`,
  status: (userId: string) => `${person(userId)}:status`,
  version: (userId: string) => `${person(userId)}:v`,
  history: (userId: string) => `${person(userId)}:history`,
  tokenLimit: (userId: string) => `${person(userId)}:rl`,
  outbox: (userId: string) => `${person(userId)}:outbox`,
  fenceFloor: (userId: string, lease: string) => `${person(userId)}:fence:${lease}`,
  share: (shareId: string) => `ts:{s:${shareId}}`,
  users: 'ts:{people}:users',
  roster: 'ts:{people}:roster',
  rateLimit: (key: string) => `ts:{rl:${key}}`,
  slidingLimit: (key: string) => `ts:{sl:${key}}`,
  lease: (name: string) => `ts:{lease:${name}}:holder`,
  fence: (name: string) => `ts:{lease:${name}}:fence`,
  job: (name: string) => `ts:{lease:${name}}:job`,
  mqtt: 'ts:{mqtt}:outputs',
  mqttNames: 'ts:{mqtt}:names',
  aofRewrite: 'ts:{aof}:rewrite',
  notifyQueue: 'ts:{notify}:queue',
  notifyJobs: 'ts:{notify}:jobs',
  notifyJob: 'ts:{notify}:job',
  notifyMoved: 'ts:{notify}:moved',
  channel: (id: string) => `ts:{notify}:ch:${id}`,
  channels: (owner: string) => `ts:{notify}:chs:${owner}`,
  rules: (owner: string) => `ts:{notify}:rules:${owner}`,
  watches: (userId: string) => `ts:{notify}:watches:${userId}`,
  deliveryLog: (logId: string) => `ts:{notify}:log:${logId}`,
  deliveryOrder: (logId: string) => `ts:{notify}:logi:${logId}`,
  dead: (logId: string) => `ts:{notify}:dead:${logId}`,
  vapid: 'ts:{notify}:vapid',
  documents: (kind: string) => `ts:doc:${kind}`,
} as const;

/** SCAN pattern of every person's outbox (braces are literal in a Redis glob). */
export const OUTBOX_PATTERN = 'ts:{u:*}:outbox';
export const outboxOwner = (key: string): string => key.slice('ts:{u:'.length, -'}:outbox'.length);

export const EVENTS_CHANNEL = 'ts:events';
export const NOTIFY_GROUP = 'notify';
