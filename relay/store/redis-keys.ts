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
 *   ts:lease:{name}       string  holder of a job lease, PEXPIREd to the lease's ttl
 *   ts:aof-rewrite        string  ms when a replica last started BGREWRITEAOF after a deletion
 *   ts:mqtt               hash    userId → MQTT output name (people who turned it on)
 *   ts:mqtt-names         hash    MQTT output name → userId (names are unique)
 *
 *   channel ts:events     JSON StoreEvent, published inside the same script as the write
 *                         (transient events — commands — are published on their own)
 *
 * Notifications (redis-notify.ts):
 *   ts:notify:queue       stream  one entry per visible status change (field `c`: JSON QueuedChange),
 *                                 added by the status write script; consumer group `notify`;
 *                                 entries are XACKed and XDELed when their jobs are scheduled
 *   ts:notify:jobs        zset    delivery job key → due ms (a leased job: its lease's end)
 *   ts:notify:job         hash    delivery job key → JSON DeliveryJob
 *   ts:notify:ch:{id}     string  JSON StoredChannel
 *   ts:notify:chs:{owner} set     channel ids of an owner (`user:<id>`, `org`)
 *   ts:notify:rules:{owner} string JSON Rule[]
 *   ts:notify:watches:{userId} hash watch id → JSON StoredWatch
 *   ts:notify:log:{logId} hash    event id → JSON DeliveryRecord; ts:notify:logi:{logId} zset orders them
 *   ts:notify:dead:{logId} list   dead letters (JSON DeliveryJob), newest first, at most 100
 *   ts:notify:vapid       string  JSON VapidKeys, set once (SET NX)
 *
 * Redis Cluster: the status write script touches ts:user/status/history of one person and the
 * one queue stream, which are in different slots. Moving to a cluster needs one hash tag per
 * person ({userId}) on the person's keys and a queue sharded by the same tag (ts:notify:queue:{userId}
 * is then per person, and workers list the shards); not done yet.
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
  notifyQueue: 'ts:notify:queue',
  notifyJobs: 'ts:notify:jobs',
  notifyJob: 'ts:notify:job',
  channel: (id: string) => `ts:notify:ch:${id}`,
  channels: (owner: string) => `ts:notify:chs:${owner}`,
  rules: (owner: string) => `ts:notify:rules:${owner}`,
  watches: (userId: string) => `ts:notify:watches:${userId}`,
  deliveryLog: (logId: string) => `ts:notify:log:${logId}`,
  deliveryOrder: (logId: string) => `ts:notify:logi:${logId}`,
  dead: (logId: string) => `ts:notify:dead:${logId}`,
  vapid: 'ts:notify:vapid',
  aofRewrite: 'ts:aof-rewrite',
  mqtt: 'ts:mqtt',
  mqttNames: 'ts:mqtt-names',
} as const;

export const EVENTS_CHANNEL = 'ts:events';
export const NOTIFY_GROUP = 'notify';
