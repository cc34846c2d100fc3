import { describe, expect, it } from 'vitest';
import { banner } from '../../scripts/start/banner';

const input = { root: '/srv/teams-status', url: 'http://127.0.0.1:8787', publicUrl: 'http://127.0.0.1:8787', store: 'Redis at 127.0.0.1:6379' };

describe('the npm start banner', () => {
  it('names the store plainly when it answers', () => {
    const text = banner({ ...input, storeAnswers: true });
    expect(text).toContain('\nTeams Status is running\n');
    expect(text).toContain('  Store       Redis at 127.0.0.1:6379\n');
    expect(text).not.toContain('does not answer');
  });

  it('says, in red on a terminal, that the store does not answer yet and what that means', () => {
    const text = banner({ ...input, storeAnswers: false, color: true });
    expect(text).toContain('\x1b[31m  Store       Redis at 127.0.0.1:6379 does not answer yet: the relay answers 503 until it does\x1b[0m');
    expect(text).toContain('\x1b[31mTeams Status is running, but its store does not answer\x1b[0m');
    expect(banner({ ...input, storeAnswers: false })).not.toContain('\x1b[');
  });
});
