import type { Cluster, Redis } from 'ioredis';

/** A single Redis or a Redis Cluster: the store speaks to both through the same commands. */
export type RedisClient = Redis | Cluster;

/*
 * Why Lua compare-and-set and not WATCH/MULTI: WATCH belongs to a connection, and one ioredis
 * connection is shared by every request in flight, so concurrent WATCHes would trample each
 * other. Each script instead checks that the person's version number (ts:{u:…}:v, INCRed by
 * every write of their user or status) is still the one the caller read, then writes, appends
 * history and publishes in one atomic step — without the documents travelling back to Redis
 * for comparison. The status logic itself stays in TypeScript (core's applyReport/forgetSource),
 * so both stores resolve identically. A 0 reply means "changed meanwhile: read again and retry".
 * Every script's keys share one hash tag (redis-keys.ts), so each runs on one Cluster slot.
 */

/**
 * Lua that counts one hit in the fixed window at KEYS[key] (ARGV[windowMs] long) into the
 * locals `hits` and `ttl` (already declared): INCR, and the window starts with the first hit.
 * One place for the rule that a counter never outlives its window.
 */
const countHit = (key: number, windowMs: number, hits: string, ttl: string) => `${hits} = redis.call('INCR', KEYS[${key}])
${ttl} = redis.call('PTTL', KEYS[${key}])
if ${ttl} < 0 then
  redis.call('PEXPIRE', KEYS[${key}], ARGV[${windowMs}])
  ${ttl} = tonumber(ARGV[${windowMs}])
end
`;

/**
 * KEYS user, status, version, tokenLimit · ARGV tokenHash, windowMs → {user, status, version,
 * hits, pttl}: everything an authenticated write needs, in the round trip that authenticates
 * it. The person's limit is counted only when the digest matches (a wrong token must not spend
 * somebody's budget); the relay still decides with a constant-time comparison of its own.
 * The digest is found as text in the user's JSON, not by decoding it (about 2 µs of Redis time
 * per write, measured with redis-benchmark): JSON.stringify escapes every quote inside a string,
 * so `"tokenHash":"<hex>"` can only be the record's own top-level field.
 */
const AUTH_READ_BODY = `
local u = redis.call('GET', KEYS[1])
local s = redis.call('GET', KEYS[2])
local v = redis.call('GET', KEYS[3]) or '0'
local hits, ttl = 0, 0
if u and ARGV[1] ~= '' and string.find(u, '"tokenHash":"' .. ARGV[1] .. '"', 1, true) then
${countHit(4, 2, 'hits', 'ttl')}end
`;
const AUTH_READ = `${AUTH_READ_BODY}return {u or false, s or false, v, hits, ttl}`;

/**
 * The same with the caller's address limit counted in the same script (KEYS[5], window ARGV[3]),
 * as RATE_LIMIT does: on one Redis a script may touch keys of any slot, so a write's first round
 * trip is one command instead of two. A cluster runs the two apart (different slots).
 */
const AUTH_READ_LIMITED = `
local an, attl = 0, 0
${countHit(5, 3, 'an', 'attl')}${AUTH_READ_BODY}return {u or false, s or false, v, hits, ttl, an, attl}`;

/**
 * KEYS user, status, version, history, fenceFloor, notifyQueue|outbox · ARGV version, newStatus,
 * historyMs|'', minId, ttlMs, channel, eventHead, at, availability, activity, inCall,
 * fenceToken|'', queuedChange|'', into ('queue'|'outbox'). The event is eventHead .. newStatus
 * .. '}' so the record is serialised once. The notification entry is written here, so a change
 * is never stored without it (nor queued twice): on one Redis straight into the queue; on a
 * cluster the queue is another slot, so into the person's own outbox, and the reply is
 * {1, every entry of the outbox} for the caller to move (redis-outbox.ts).
 * A history entry's id is its time, so history reads by range. Times nearly always grow, so the
 * entry is added at once; one older than the newest entry (an edge written late, a replica whose
 * clock is behind) is refused by XADD, and goes under the newest entry's millisecond instead
 * (ids stay in order; its own time is in 'at'). Reading the newest entry first on every write
 * cost about 6 µs of Redis time per write, 7 % of its scripts' time in bench:relay.
 */
const APPLY = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[1] then return 0 end
if ARGV[12] ~= '' then
  if tonumber(ARGV[12]) < tonumber(redis.call('GET', KEYS[5]) or '0') then return -3 end
  redis.call('SET', KEYS[5], ARGV[12], 'PX', ARGV[5])
end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('INCR', KEYS[3])
if ARGV[3] ~= '' then
  local entry = {'at', ARGV[8], 'availability', ARGV[9], 'activity', ARGV[10], 'inCall', ARGV[11]}
  local added = redis.pcall('XADD', KEYS[4], 'MINID', '~', ARGV[4], ARGV[3] .. '-*', unpack(entry))
  if type(added) == 'table' and added.err then
    local top = redis.call('XREVRANGE', KEYS[4], '+', '-', 'COUNT', 1)[1]
    if not top then return redis.error_reply(added.err) end
    redis.call('XADD', KEYS[4], 'MINID', '~', ARGV[4], string.match(top[1], '^(%d+)') .. '-*', unpack(entry))
  end
  redis.call('PEXPIRE', KEYS[4], ARGV[5])
end
redis.call('PUBLISH', ARGV[6], ARGV[7] .. ARGV[2] .. '}')
if ARGV[13] == '' then return 1 end
if ARGV[14] == 'queue' then
  redis.call('XADD', KEYS[6], '*', 'c', ARGV[13])
  return 1
end
redis.call('XADD', KEYS[6], '*', 'c', ARGV[13])
return {1, redis.call('XRANGE', KEYS[6], '-', '+')}`;

/** KEYS user, version · ARGV userJson → 1, or -1 when the user id exists. */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('INCR', KEYS[2])
return 1`;

/**
 * KEYS user, version · ARGV expectedUser|'' (''= must not exist), newUser → 1, or 0 when the
 * user is not exactly expectedUser (the roster import's compare-and-set; rare, so it compares
 * the document it read).
 */
const PUT_USER = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('INCR', KEYS[2])
return 1`;

/** KEYS user, status, version · ARGV version, newUser, channel, revokedEvent|'', statusEventHead|'' */
const SHARE = `
if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[1] or redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[2])
redis.call('INCR', KEYS[3])
if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
if ARGV[5] ~= '' then
  local status = redis.call('GET', KEYS[2])
  if status then redis.call('PUBLISH', ARGV[3], ARGV[5] .. status .. '}') end
end
return 1`;

/** KEYS user, status, version, history, tokenLimit, outbox · ARGV version, channel, event */
const DELETE = `
if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[1] or redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`;

/**
 * KEYS any key of the slot to publish from (only routes the script) · ARGV channel, message.
 * On a cluster a plain PUBLISH goes to whichever node and reaches the others over the cluster
 * bus, so two published in a row can arrive swapped; from one slot's node they keep their order.
 */
const PUBLISH_FROM = `redis.call('PUBLISH', ARGV[1], ARGV[2])
return 1`;

/** KEYS key · ARGV value: delete an index entry only while it still points where we think. */
const DEL_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** KEYS hash · ARGV field, value: the same for a hash field (the roster's email index). */
const HDEL_IF = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

/** KEYS mqtt, mqttNames · ARGV userId, name|'', channel, event|'' → 1 set, 2 unchanged, -2 name taken */
const SET_MQTT = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if ARGV[2] ~= '' then
  local owner = redis.call('HGET', KEYS[2], ARGV[2])
  if owner and owner ~= ARGV[1] then return -2 end
end
if (old or '') == ARGV[2] then return 2 end
if old then redis.call('HDEL', KEYS[2], old) end
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
end
if ARGV[4] ~= '' then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
return 1`;

/** KEYS counter · ARGV windowMs → {hits, pttl}. One script so a counter never outlives its window. */
const RATE_LIMIT = `
local n, ttl = 0, 0
${countHit(1, 1, 'n', 'ttl')}
return {n, ttl}`;

/**
 * KEYS log (a sorted set of places by time) · ARGV member, then limit and windowMs pairs →
 * {1, 0} when a place was taken under every window, else {0, ms until one frees}. Redis's own
 * clock, so replicas whose clocks disagree still share one timeline.
 */
const SLIDING_LIMIT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local longest = 1
for i = 2, #ARGV, 2 do longest = math.max(longest, tonumber(ARGV[i + 1])) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - longest)
local wait = 0
for i = 2, #ARGV, 2 do
  local limit = tonumber(ARGV[i])
  local w = tonumber(ARGV[i + 1])
  local n = redis.call('ZCOUNT', KEYS[1], '(' .. (now - w), '+inf')
  if n >= limit then
    local oldest = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - w), '+inf', 'WITHSCORES', 'LIMIT', n - limit, 1)
    wait = math.max(wait, tonumber(oldest[2]) + w - now)
  end
end
if wait > 0 then return {0, wait} end
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('PEXPIRE', KEYS[1], longest)
return {1, 0}`;

/** KEYS lease, fence · ARGV holder, ttlMs → the grant's fencing token when held by holder now, else 0. */
const ACQUIRE_LEASE = `
local cur = redis.call('GET', KEYS[1])
if not cur then
  local token = redis.call('INCR', KEYS[2])
  redis.call('SET', KEYS[1], token .. ':' .. ARGV[1], 'PX', ARGV[2])
  return token
end
local token, holder = string.match(cur, '^(%d+):(.*)$')
if holder == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return tonumber(token)
end
return 0`;

/** KEYS lease · ARGV holder */
const RELEASE_LEASE = `
local cur = redis.call('GET', KEYS[1])
if cur and string.match(cur, '^%d+:(.*)$') == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 1`;

/** KEYS job, lease (one tag: a job's state lives beside its lease) · ARGV value, fenceToken → 1, or -3. */
const SET_JOB_STATE = `
local lease = redis.call('GET', KEYS[2])
if not lease or string.match(lease, '^(%d+):') ~= ARGV[2] then return -3 end
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

const SCRIPTS = {
  tsAuthRead: { numberOfKeys: 4, lua: AUTH_READ },
  tsAuthReadLimited: { numberOfKeys: 5, lua: AUTH_READ_LIMITED },
  tsApply: { numberOfKeys: 6, lua: APPLY },
  tsCreate: { numberOfKeys: 2, lua: CREATE },
  tsPutUser: { numberOfKeys: 2, lua: PUT_USER },
  tsShare: { numberOfKeys: 3, lua: SHARE },
  tsDelete: { numberOfKeys: 6, lua: DELETE },
  tsPublishFrom: { numberOfKeys: 1, lua: PUBLISH_FROM },
  tsDelIf: { numberOfKeys: 1, lua: DEL_IF },
  tsHdelIf: { numberOfKeys: 1, lua: HDEL_IF },
  tsSetMqtt: { numberOfKeys: 2, lua: SET_MQTT },
  tsRateLimit: { numberOfKeys: 1, lua: RATE_LIMIT },
  tsSlidingLimit: { numberOfKeys: 1, lua: SLIDING_LIMIT },
  tsAcquireLease: { numberOfKeys: 2, lua: ACQUIRE_LEASE },
  tsSetJobState: { numberOfKeys: 2, lua: SET_JOB_STATE },
  tsReleaseLease: { numberOfKeys: 1, lua: RELEASE_LEASE },
} as const;

export type ScriptName = keyof typeof SCRIPTS;
export type ScriptRunner = (name: ScriptName, keys: string[], args: (string | number)[]) => Promise<unknown>;

/** Registers the scripts (EVALSHA, falling back to EVAL after a restart empties the cache). */
export function defineScripts(redis: RedisClient): ScriptRunner {
  for (const [name, def] of Object.entries(SCRIPTS)) redis.defineCommand(name, def);
  // defineCommand adds one method per script at run time; ioredis has no types for them.
  const commands = redis as unknown as Record<ScriptName, (...args: (string | number)[]) => Promise<unknown>>;
  return (name, keys, args) => commands[name](...keys, ...args);
}
