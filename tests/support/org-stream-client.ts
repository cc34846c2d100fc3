import WebSocket from 'ws';
import type { StreamMessage } from '../../relay/org/stream-message';
import { until } from './until';

export interface StreamClient {
  ws: WebSocket;
  messages: StreamMessage[];
  closed: Promise<{ code: number; reason: string }>;
  /** Wait until `count` messages matching `match` arrived. */
  waitFor(count: number, match?: (m: StreamMessage) => boolean, what?: string): Promise<StreamMessage[]>;
}

/** Open the organisation stream as the admin (token in ?access_token=, as a browser would). */
export async function openStream(base: string, token: string, query = '', options: WebSocket.ClientOptions = {}): Promise<StreamClient> {
  const url = `${base.replace(/^http/, 'ws')}/api/v1/org/stream?access_token=${encodeURIComponent(token)}${query}`;
  const ws = new WebSocket(url, options);
  const messages: StreamMessage[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as StreamMessage));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    messages,
    closed,
    async waitFor(count, match = () => true, what = `${count} messages`) {
      await until(() => messages.filter(match).length >= count, what);
      return messages.filter(match);
    },
  };
}

/** What the relay answers an upgrade it refuses: status and body. */
export function refusedUpgrade(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => reject(new Error('the upgrade was accepted')));
    ws.once('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.once('error', () => {});
  });
}
