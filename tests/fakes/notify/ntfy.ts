import { FakeReceiver, type Received } from './receiver';

export interface NtfyPublish {
  topic: string;
  title?: string;
  message?: string;
  priority?: number;
  tags?: string[];
  click?: string;
}

/** ntfy's JSON publishing (POST / with the topic in the body), with an optional access token. */
export function fakeNtfy(token?: string): FakeReceiver {
  return new FakeReceiver((req: Received) => {
    if (token && req.headers.authorization !== `Bearer ${token}`) return { status: 401, body: '{"code":40101,"error":"unauthorized"}' };
    if (req.method !== 'POST' || req.path !== '/') return { status: 404 };
    const msg = JSON.parse(req.body.toString('utf8')) as NtfyPublish;
    const known = new Set(['topic', 'title', 'message', 'priority', 'tags', 'click', 'actions', 'attach', 'markdown', 'icon', 'filename', 'delay', 'email', 'call']);
    const unknown = Object.keys(msg).filter((k) => !known.has(k));
    if (typeof msg.topic !== 'string' || unknown.length > 0 || (msg.priority !== undefined && (msg.priority < 1 || msg.priority > 5))) {
      return { status: 400, body: JSON.stringify({ code: 40001, error: `invalid request ${unknown.join(',')}` }) };
    }
    return { status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'x', event: 'message', topic: msg.topic }) };
  });
}
