import type { RedisClient } from './redis-scripts';

/*
 * The notification queue's atomic steps (redis-notify.ts). The change queue itself is fed by the
 * status write script (redis-scripts.ts, APPLY), so a change and its queue entry are one step;
 * on a cluster through the person's outbox, in the write's slot (redis-outbox.ts).
 */

/**
 * KEYS queue, jobs (zset key → due ms), jobData (hash key → job JSON), then one watch hash per
 * job (the job data hash again when the job has no watch) · ARGV group, handle, count, then per
 * job: key, dueMs, replace '1'|'0', json, watchId|''. 0 when the change was finished already.
 */
const FINISH_CHANGE = `
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('XDEL', KEYS[1], ARGV[2])
for i = 0, tonumber(ARGV[3]) - 1 do
  local b = 4 + i * 5
  local key, due, replace, json, watchId = ARGV[b], ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4]
  local ok = watchId == '' or redis.call('HDEL', KEYS[4 + i], watchId) == 1
  if ok then
    if replace == '1' then
      redis.call('ZADD', KEYS[2], due, key)
      redis.call('HSET', KEYS[3], key, json)
    elseif redis.call('ZADD', KEYS[2], 'NX', due, key) == 1 then
      redis.call('HSET', KEYS[3], key, json)
    end
  end
end
return 1`;

/**
 * KEYS queue, the organisation's rules, then per change its person's rules and watches · ARGV
 * group, then per change its handle → per change 1 (followed: read its rules) or 0 (nobody
 * follows the person: the change is finished here).
 */
const FINISH_UNFOLLOWED = `
local org = redis.call('GET', KEYS[2])
local anyOrg = org and org ~= '[]'
local out = {}
for i = 2, #ARGV do
  local rules = redis.call('GET', KEYS[1 + i * 2 - 2])
  local followed = anyOrg or (rules and rules ~= '[]') or redis.call('HLEN', KEYS[i * 2]) > 0
  if followed then
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
    if redis.call('XACK', KEYS[1], ARGV[1], ARGV[i]) == 1 then redis.call('XDEL', KEYS[1], ARGV[i]) end
  end
end
return out`;

/** KEYS jobs, jobData · ARGV nowMs, leaseUntilMs, max → flat {key, json, ...}, each leased until leaseUntilMs. */
const CLAIM_DUE = `
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
local out = {}
for _, key in ipairs(due) do
  local json = redis.call('HGET', KEYS[2], key)
  if json then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[2], key)
    out[#out + 1] = key
    out[#out + 1] = json
  else
    redis.call('ZREM', KEYS[1], key)
  end
end
return out`;

/**
 * KEYS jobs, jobData, log (hash eventId → record), logOrder (zset eventId → at), dead (list)
 * · ARGV key, lease, outcome (delivered|retrying|dead|dropped), dueMs, jobJson, eventId,
 * recordJson|'', atMs, keep, claimedJson. 0 when the lease was lost (taken again, or replaced).
 */
const SETTLE = `
if tonumber(redis.call('ZSCORE', KEYS[1], ARGV[1]) or '-1') ~= tonumber(ARGV[2]) then return 0 end
if redis.call('HGET', KEYS[2], ARGV[1]) ~= ARGV[10] then return 0 end
if ARGV[3] == 'retrying' then
  redis.call('ZADD', KEYS[1], ARGV[4], ARGV[1])
  redis.call('HSET', KEYS[2], ARGV[1], ARGV[5])
else
  redis.call('ZREM', KEYS[1], ARGV[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
end
if ARGV[3] == 'dead' then
  redis.call('LPUSH', KEYS[5], ARGV[5])
  redis.call('LTRIM', KEYS[5], 0, 99)
end
if ARGV[7] ~= '' then
  redis.call('HSET', KEYS[3], ARGV[6], ARGV[7])
  redis.call('ZADD', KEYS[4], ARGV[8], ARGV[6])
  local over = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[9])
  if over > 0 then
    local old = redis.call('ZRANGE', KEYS[4], 0, over - 1)
    redis.call('ZREMRANGEBYRANK', KEYS[4], 0, over - 1)
    redis.call('HDEL', KEYS[3], unpack(old))
  end
end
return 1`;

/** KEYS channel, ownerSet, log, logOrder, dead · ARGV channelId → 1 when it was the owner's. */
const DELETE_CHANNEL = `
if redis.call('SREM', KEYS[2], ARGV[1]) == 0 then return 0 end
redis.call('DEL', KEYS[1], KEYS[3], KEYS[4], KEYS[5])
return 1`;

/* A cluster's outbox (redis-outbox.ts says how its two steps fit together). */
/** KEYS queue, moved · ARGV nowMs, keepMs, then eventId, json per entry → entries added to the queue. */
const OUTBOX_MOVE = `
local n = 0
for i = 3, #ARGV, 2 do
  if not redis.call('ZSCORE', KEYS[2], ARGV[i]) then
    redis.call('XADD', KEYS[1], '*', 'c', ARGV[i + 1])
    redis.call('ZADD', KEYS[2], ARGV[1], ARGV[i])
    n = n + 1
  end
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. (tonumber(ARGV[1]) - tonumber(ARGV[2])))
return n`;

/** KEYS outbox · ARGV ids → 1. Deleted a thousand at a time: Lua's unpack has a limit. */
const OUTBOX_DONE = `
for i = 1, #ARGV, 1000 do redis.call('XDEL', KEYS[1], unpack(ARGV, i, math.min(i + 999, #ARGV))) end
if redis.call('XLEN', KEYS[1]) == 0 then redis.call('DEL', KEYS[1]) end
return 1`;

const SCRIPTS = {
  tsNotifyFinish: FINISH_CHANGE,
  tsNotifyClaimDue: CLAIM_DUE,
  tsNotifyFinishUnfollowed: FINISH_UNFOLLOWED,
  tsNotifySettle: SETTLE,
  tsNotifyDeleteChannel: DELETE_CHANNEL,
  tsOutboxMove: OUTBOX_MOVE,
  tsOutboxDone: OUTBOX_DONE,
} as const;

export type NotifyScript = keyof typeof SCRIPTS;
export type NotifyScriptRunner = (name: NotifyScript, keys: string[], args: (string | number)[]) => Promise<unknown>;

export function defineNotifyScripts(redis: RedisClient): NotifyScriptRunner {
  for (const [name, lua] of Object.entries(SCRIPTS)) redis.defineCommand(name, { lua });
  // defineCommand adds one method per script at run time; ioredis has no types for them.
  const commands = redis as unknown as Record<NotifyScript, (...args: (string | number)[]) => Promise<unknown>>;
  return (name, keys, args) => commands[name](keys.length, ...keys, ...args);
}
