import { describe, expect, it } from 'vitest';
import { displayTextProblem, graphReportSchema, manualReportSchema, registerRequestSchema } from '../../core';

const observedAt = '2026-11-23T10:00:00Z';

/** One rule for every text a person's viewers are shown: names, status messages. */
describe('display text', () => {
  it.each([
    ['a C0 control', 'Ada\u0007'],
    ['DEL', 'Ada\u007f'],
    ['a C1 control (NEL)', 'Ada\u0085Lovelace'],
    ['a C1 control (CSI)', 'Ada\u009b31m'],
    ['a right-to-left override', 'Ada\u202Eecalevol'],
    ['a left-to-right embedding', '\u202AAda'],
    ['a bidi isolate', 'Ada\u2066x\u2069'],
    ['a first-strong isolate', 'Ada\u2068'],
    ['a line separator', 'Ada\u2028Lovelace'],
    ['a paragraph separator', 'Ada\u2029Lovelace'],
    ['only zero-width characters', '\u200B\u200C\u200D\uFEFF'],
    ['only a Hangul filler', '\u3164'],
    ['a lone high surrogate', 'Ada\uD83D'],
    ['a lone low surrogate', '\uDE80Ada'],
  ])('refuses %s', (_what, text) => {
    expect(displayTextProblem(text)).toMatch(/^must /);
    expect(registerRequestSchema.safeParse({ displayName: text }).success).toBe(false);
    expect(manualReportSchema.safeParse({ observedAt, availability: 'Busy', message: text }).success).toBe(false);
    expect(graphReportSchema.safeParse({ observedAt, availability: 'Busy', activity: 'Busy', statusMessage: text }).success).toBe(false);
  });

  it.each(['Ada Lovelace', 'Zoë Ångström', '李小龍', 'Sam 🚀', 'שלום עולם', 'محمد', 'family 👨‍👩‍👧', 'Back at 11 — ask Sam'])('accepts %s', (text) => {
    expect(displayTextProblem(text)).toBeNull();
    expect(registerRequestSchema.safeParse({ displayName: text }).success).toBe(true);
    expect(manualReportSchema.safeParse({ observedAt, availability: 'Busy', message: text }).success).toBe(true);
  });

  it('says what is wrong in words', () => {
    expect(registerRequestSchema.safeParse({ displayName: 'Ada\u202E' }).error?.issues[0]?.message).toBe('must not contain bidirectional overrides or isolates');
  });
});
