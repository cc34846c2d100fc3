// Two relay replicas behind one address: a small round-robin reverse proxy (each request, an
// event stream included, goes to the next upstream in turn), as a load balancer would do it.
// Usage: tsx bench/round-robin-proxy.ts <port> <upstreamPort> [<upstreamPort>…]
import { Agent, createServer, request } from 'node:http';

const [port, ...upstreams] = process.argv.slice(2).map(Number);
// No socket cap: an event stream holds its upstream socket for as long as it is open.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
let next = 0;

createServer((req, res) => {
  const target = upstreams[next++ % upstreams.length]!;
  const headers = { ...req.headers, 'x-forwarded-for': req.socket.remoteAddress ?? '127.0.0.1' };
  const up = request({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers, agent }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  up.on('error', () => {
    if (!res.headersSent) res.writeHead(502);
    res.end();
  });
  res.on('close', () => {
    if (!res.writableFinished) up.destroy();
  });
  req.pipe(up);
}).listen(port, '127.0.0.1', () => console.log('proxy ready'));
