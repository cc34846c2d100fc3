import { createDecipheriv, createECDH, createPublicKey, hkdfSync, randomBytes, verify } from 'node:crypto';
import { FakeReceiver, type Received } from './receiver';

/** A browser's side of a push subscription: its key pair and auth secret, and the JSON it would hand over. */
export function browserSubscription(endpoint: string) {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    ecdh,
    auth,
    json: { endpoint, expirationTime: null, keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') } },
  };
}

export interface PushCheck {
  /** The relay's VAPID public key (the `k=` of the Authorization header). */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
  payload: string;
}

/** RFC 8292: `vapid t=<JWT ES256>, k=<public key>`; the JWT is checked with that key. */
function checkVapid(header: string | undefined): Omit<PushCheck, 'payload'> {
  const m = /^vapid t=([^,\s]+),\s*k=([^,\s]+)$/.exec(header ?? '');
  if (!m) throw new Error(`Authorization is not VAPID: ${header}`);
  const [head, claims, sig] = m[1]!.split('.');
  const raw = Buffer.from(m[2]!, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${head}.${claims}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig!, 'base64url'));
  if (!ok) throw new Error('the VAPID signature does not verify');
  return { vapidKey: m[2]!, claims: JSON.parse(Buffer.from(claims!, 'base64url').toString()) as PushCheck['claims'] };
}

/** RFC 8291 / 8188 aes128gcm, decrypted with the browser's keys. */
function decrypt(body: Buffer, sub: ReturnType<typeof browserSubscription>): string {
  const salt = body.subarray(0, 16);
  const idLength = body[20]!;
  const senderKey = body.subarray(21, 21 + idLength);
  const cipher = body.subarray(21 + idLength);
  const shared = sub.ecdh.computeSecret(senderKey);
  const info = Buffer.concat([Buffer.from('WebPush: info\0'), sub.ecdh.getPublicKey(), senderKey]);
  const ikm = Buffer.from(hkdfSync('sha256', shared, sub.auth, info, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(cipher.subarray(cipher.length - 16));
  const plain = Buffer.concat([decipher.update(cipher.subarray(0, cipher.length - 16)), decipher.final()]);
  // The last record ends with the delimiter 0x02 and optional zero padding.
  return plain.subarray(0, plain.lastIndexOf(2)).toString('utf8');
}

/**
 * A push service (what FCM, Mozilla autopush or Apple run): accepts an encrypted push for a known
 * subscription with a valid VAPID header, TTL and aes128gcm encoding with 201; 410 once the
 * subscription is withdrawn. `checked` holds what each accepted push carried.
 */
export function fakePushService() {
  const subscriptions = new Map<string, ReturnType<typeof browserSubscription>>();
  const checked: PushCheck[] = [];
  const withdrawn = new Set<string>();
  const receiver = new FakeReceiver((req: Received) => {
    const sub = subscriptions.get(req.path);
    if (!sub || withdrawn.has(req.path)) return { status: 410, body: 'push subscription has unsubscribed or expired.' };
    if (req.headers['content-encoding'] !== 'aes128gcm' || !req.headers.ttl) return { status: 400, body: 'missing encoding or TTL' };
    try {
      checked.push({ ...checkVapid(req.headers.authorization), payload: decrypt(req.body, sub) });
    } catch (err) {
      return { status: 403, body: String(err) };
    }
    return { status: 201 };
  });
  return {
    receiver,
    checked,
    subscribe(path: string) {
      const sub = browserSubscription(`${receiver.url}${path}`);
      subscriptions.set(path, sub);
      return sub.json;
    },
    withdraw: (path: string) => withdrawn.add(path),
  };
}
