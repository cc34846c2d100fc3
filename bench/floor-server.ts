// The floor of the write benchmark: plain node:http answering each PUT with one Redis Lua
// write (SET + XADD + PUBLISH, what a status write must do at least), no auth, no
// validation, no resolution. What the relay loses against it is the relay's own work.
// Usage: tsx bench/floor-server.ts <port> <redisPort>
import { createServer } from 'node:http';
import { Redis } from 'ioredis';

const [port, redisPort] = process.argv.slice(2).map(Number);
const redis = new Redis({ port: redisPort, host: '127.0.0.1', enableAutoPipelining: true });
redis.defineCommand('floorWrite', {
  numberOfKeys: 2,
  lua: `redis.call('SET', KEYS[1], ARGV[1])
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 1000, '*', 'v', ARGV[1])
redis.call('PUBLISH', 'floor', ARGV[1])
return 1`,
});
const write = (redis as unknown as { floorWrite(k1: string, k2: string, v: string): Promise<number> }).floorWrite.bind(redis);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    write('{floor}:status', '{floor}:history', Buffer.concat(chunks).toString()).then(
      () => res.end('{"applied":true}'),
      () => ((res.statusCode = 503), res.end()),
    );
  });
}).listen(port, '127.0.0.1', () => console.log('floor ready'));
