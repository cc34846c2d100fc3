import type { Redis } from 'ioredis';

/*
 * Why Lua compare-and-set and not WATCH/MULTI: WATCH belongs to a connection, and one ioredis
 * connection is shared by every request in flight, so concurrent WATCHes would trample each
 * other (a pool of dedicated connections would fix that at a cost in sockets). Each script
 * instead checks that the exact strings the caller read are still there, then writes, appends
 * history and publishes in one atomic step. The status logic itself stays in TypeScript (core's
 * applyReport/forgetSource), so both stores resolve identically. A 0 reply means "changed
 * meanwhile: read again and retry".
 */

/** The fence check of a fenced write: KEYS[n] is the lease, the token ARGV[m] ('' = not fenced). */
const FENCED = (key: string, token: string) => `
if ${token} ~= '' then
  local lease = redis.call('GET', ${key})
  if not lease or string.match(lease, '^(%d+):') ~= ${token} then return -3 end
end`;

/** KEYS user, status, history, lease · ARGV expectedUser, expectedStatus, newStatus, historyMs|'', minId, ttlMs, channel, event, at, availability, activity, inCall, fenceToken|'' */
const APPLY = `${FENCED('KEYS[4]', 'ARGV[13]')}
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
if (redis.call('GET', KEYS[2]) or '') ~= ARGV[2] then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
if ARGV[4] ~= '' then
  local ms = ARGV[4]
  local top = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)[1]
  if top then
    local topMs = string.match(top[1], '^(%d+)')
    if tonumber(topMs) > tonumber(ms) then ms = topMs end
  end
  redis.call('XADD', KEYS[3], 'MINID', '~', ARGV[5], ms .. '-*', 'at', ARGV[9], 'availability', ARGV[10], 'activity', ARGV[11], 'inCall', ARGV[12])
  redis.call('PEXPIRE', KEYS[3], ARGV[6])
end
redis.call('PUBLISH', ARGV[7], ARGV[8])
return 1`;

/** KEYS user, share, users · ARGV userJson, userId, createdAtMs */
const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
if redis.call('EXISTS', KEYS[2]) == 1 then return -2 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('SET', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[2])
return 1`;

/** KEYS user, oldShare, newShare, status · ARGV expectedUser, newUser, userId, rotate, channel, revokedEvent, statusEventHead|'' */
const SHARE = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
if ARGV[4] == '1' then
  if redis.call('EXISTS', KEYS[3]) == 1 then return -2 end
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[3], ARGV[3])
end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[4] == '1' then redis.call('PUBLISH', ARGV[5], ARGV[6]) end
if ARGV[7] ~= '' then
  local status = redis.call('GET', KEYS[4])
  if status then redis.call('PUBLISH', ARGV[5], ARGV[7] .. status .. '}') end
end
return 1`;

/** KEYS user, share, status, history, users, roster · ARGV expectedUser, userId, channel, event, rosterEmail|'' */
const DELETE = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2], KEYS[3], KEYS[4])
redis.call('ZREM', KEYS[5], ARGV[2])
if ARGV[5] ~= '' and redis.call('HGET', KEYS[6], ARGV[5]) == ARGV[2] then redis.call('HDEL', KEYS[6], ARGV[5]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1`;

/**
 * KEYS users, roster, then per write: user, share · ARGV per write: expectedUser|'', newUser,
 * userId, createdAtMs, rosterEmail|'' → the 0-based indexes of writes that found something else.
 */
const WRITE_USERS = `
local failed = {}
for i = 1, #ARGV / 5 do
  local uk, sk = KEYS[1 + 2 * i], KEYS[2 + 2 * i]
  local prev, nextUser, id, score, email = ARGV[5 * i - 4], ARGV[5 * i - 3], ARGV[5 * i - 2], ARGV[5 * i - 1], ARGV[5 * i]
  local ok = (redis.call('GET', uk) or '') == prev
  if ok and prev == '' then
    ok = redis.call('EXISTS', sk) == 0 and (email == '' or redis.call('HEXISTS', KEYS[2], email) == 0)
  end
  if ok then
    redis.call('SET', uk, nextUser)
    if prev == '' then
      redis.call('SET', sk, id)
      redis.call('ZADD', KEYS[1], score, id)
    end
    if email ~= '' then redis.call('HSET', KEYS[2], email, id) end
  else
    failed[#failed + 1] = i - 1
  end
end
return failed`;

/** KEYS counter · ARGV windowMs → {hits, pttl}. One script so a counter never outlives its window. */
const RATE_LIMIT = `
local n = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`;

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

/** KEYS job, lease · ARGV value, fenceToken → 1, or -3 when the fence no longer holds. */
const SET_JOB_STATE = `${FENCED('KEYS[2]', 'ARGV[2]')}
redis.call('SET', KEYS[1], ARGV[1])
return 1`;

const SCRIPTS = {
  tsApply: { numberOfKeys: 4, lua: APPLY },
  tsCreate: { numberOfKeys: 3, lua: CREATE },
  tsShare: { numberOfKeys: 4, lua: SHARE },
  tsDelete: { numberOfKeys: 6, lua: DELETE },
  tsRateLimit: { numberOfKeys: 1, lua: RATE_LIMIT },
  tsAcquireLease: { numberOfKeys: 2, lua: ACQUIRE_LEASE },
  tsSetJobState: { numberOfKeys: 2, lua: SET_JOB_STATE },
  tsReleaseLease: { numberOfKeys: 1, lua: RELEASE_LEASE },
} as const;

export type ScriptName = keyof typeof SCRIPTS | 'tsWriteUsers';
export type ScriptRunner = (name: ScriptName, keys: string[], args: (string | number)[]) => Promise<unknown>;

/** Registers the scripts (EVALSHA, falling back to EVAL after a restart empties the cache). */
export function defineScripts(redis: Redis): ScriptRunner {
  for (const [name, def] of Object.entries(SCRIPTS)) redis.defineCommand(name, def);
  // Its number of keys depends on the batch, so it is given with each call.
  redis.defineCommand('tsWriteUsers', { lua: WRITE_USERS });
  // defineCommand adds one method per script at run time; ioredis has no types for them.
  const commands = redis as unknown as Record<ScriptName, (...args: (string | number)[]) => Promise<unknown>>;
  return (name, keys, args) => (name === 'tsWriteUsers' ? commands[name](keys.length, ...keys, ...args) : commands[name](...keys, ...args));
}
