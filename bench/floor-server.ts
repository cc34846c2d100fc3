// The floors of the write benchmark: plain node:http answering each PUT with the least Redis
// work a status write can do, no auth, no validation, no resolution. What the relay loses
// against them is the relay's own work.
//   one: one Lua write (SET + XADD + PUBLISH), what a status write must do at least.
//   two: the relay's own shape with nothing else in it: one script reads the person (user,
//        status, version), then a second writes only if the version is still the one read
//        (SET + INCR + XADD + PUBLISH): the two round trips an authenticated write costs.
// Usage: tsx bench/floor-server.ts <port> <redisPort> [one|two]
import { createServer } from 'node:http';
import { Redis } from 'ioredis';

const [port, redisPort] = process.argv.slice(2, 4).map(Number);
const mode = process.argv[4] ?? 'one';
const redis = new Redis({ port: redisPort, host: '127.0.0.1', enableAutoPipelining: true });
redis.defineCommand('floorWrite', {
  numberOfKeys: 2,
  lua: `redis.call('SET', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 1000, '*', 'v', ARGV[1])
redis.call('PUBLISH', 'floor', ARGV[1])
return 1`,
});
redis.defineCommand('floorRead', { numberOfKeys: 3, lua: `return {redis.call('GET', KEYS[1]) or false, redis.call('GET', KEYS[2]) or false, redis.call('GET', KEYS[3]) or '0'}` });
redis.defineCommand('floorCas', {
  numberOfKeys: 4,
  lua: `if (redis.call('GET', KEYS[3]) or '0') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[2], ARGV[2])
redis.call('INCR', KEYS[3])
redis.call('XADD', KEYS[4], 'MAXLEN', '~', 1000, '*', 'v', ARGV[2])
redis.call('PUBLISH', 'floor', ARGV[2])
return 1`,
});
type Floor = {
  floorWrite(k1: string, k2: string, v: string): Promise<number>;
  floorRead(u: string, s: string, v: string): Promise<[string | null, string | null, string]>;
  floorCas(u: string, s: string, v: string, h: string, version: string, value: string): Promise<number>;
};
const r = redis as unknown as Floor;

/** 200 people in turn, as the relay's rows write: each key set in one slot of its own. */
let n = 0;
async function two(body: string): Promise<void> {
  const p = `{floor:${n++ % 200}}`;
  const [, , version] = await r.floorRead(`${p}:u`, `${p}:s`, `${p}:v`);
  await r.floorCas(`${p}:u`, `${p}:s`, `${p}:v`, `${p}:h`, version, body);
}

const write = mode === 'two' ? two : (body: string) => r.floorWrite('{floor}:status', '{floor}:history', body);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    write(Buffer.concat(chunks).toString()).then(
      () => res.end('{"applied":true}'),
      () => ((res.statusCode = 503), res.end()),
    );
  });
}).listen(port, '127.0.0.1', () => console.log('floor ready'));
