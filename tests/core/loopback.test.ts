import { describe, expect, it } from 'vitest';
import { isLoopbackUrl } from '../../core/loopback';

describe('isLoopbackUrl', () => {
  it.each(['http://127.0.0.1:8787/s/x', 'http://127.1.2.3', 'http://localhost:8787', 'http://app.localhost/', 'http://[::1]:8787/s/x', 'http://0.0.0.0:8787', 'http://user@127.0.0.1/'])(
    '%s is this computer only',
    (link) => expect(isLoopbackUrl(link)).toBe(true),
  );
  it.each(['http://192.168.1.23:8787/s/x', 'https://status.example.test/s/x', 'http://127.0.0.1.example.test/', 'not a link', ''])('%s is not', (link) =>
    expect(isLoopbackUrl(link)).toBe(false),
  );
});
