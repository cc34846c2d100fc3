import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  automationRequestSchema,
  channelInputSchema,
  mqttOutputRequestSchema,
  orgRulesRequestSchema,
  parseWire,
  pushSubscriptionSchema,
  registerRequestSchema,
  REPORT_SCHEMAS,
  rosterPersonSchema,
  rouletteChoicesSchema,
  rouletteSettingsSchema,
  rulesRequestSchema,
  statusQuerySchema,
  watchRequestSchema,
} from '../../core';

const observedAt = '2026-11-23T10:00:00Z';
const teams = REPORT_SCHEMAS['teams-web'];

/** What parseWire answers for a bad input: the field it names and the message. */
function refusal(schema: z.ZodType, input: unknown): { field: string | undefined; message: string; code: string } {
  const r = parseWire(schema, input);
  if (r.ok) throw new Error(`accepted ${JSON.stringify(input)}`);
  return { field: r.field, message: r.message, code: r.code };
}

describe('validation errors in words', () => {
  describe('wrong kind of value (invalid_type)', () => {
    it.each([
      ['a boolean', teams, { observedAt, call: { inCall: 'yes' } }, 'call.inCall', 'call.inCall must be true or false'],
      ['an object', teams, { observedAt, call: 'in a call' }, 'call', 'call must be an object'],
      ['an array', rulesRequestSchema, { rules: 'all' }, 'rules', 'rules must be an array'],
      ['text', REPORT_SCHEMAS.graph, { observedAt, availability: 7, activity: 'Busy' }, 'availability', 'availability must be text'],
      ['a number (query text that is not one)', statusQuerySchema, { page: 'two' }, 'page', 'page must be a number'],
      ['a whole number', rulesRequestSchema, { rules: [{ channelId: 'c', when: 'busy', debounceSeconds: 1.5 }] }, 'rules.0.debounceSeconds', 'rules.0.debounceSeconds must be a whole number'],
      ['not null', REPORT_SCHEMAS.manual, { observedAt, availability: 'Busy', message: null }, 'message', 'message must be text, not null'],
      ['an object at the root', REPORT_SCHEMAS.manual, 'Busy', undefined, 'body must be an object'],
    ])('%s', (_, schema, input, field, message) => {
      expect(refusal(schema, input)).toEqual({ code: 'invalid_field', field, message });
    });
  });

  describe('a missing field is required (invalid_type or invalid_value of nothing)', () => {
    it.each([
      ['observedAt, whose schema words its form', teams, { call: null }, 'observedAt'],
      ['a nested flag', teams, { observedAt, call: { muted: true } }, 'call.inCall'],
      ['a graph word', REPORT_SCHEMAS.graph, { observedAt, availability: 'Busy' }, 'activity'],
      ['a display name', registerRequestSchema, {}, 'displayName'],
      ['a roster email', rosterPersonSchema, { displayName: 'Ada' }, 'email'],
      ['a choice (an enum, which zod reports as a wrong value)', REPORT_SCHEMAS.manual, { observedAt }, 'availability'],
    ])('%s', (_, schema, input, field) => {
      expect(refusal(schema, input)).toEqual({ code: 'invalid_field', field, message: `${field} is required` });
    });

    it('names the body when there is none', () => {
      expect(refusal(REPORT_SCHEMAS.manual, undefined).message).toBe('body is required');
    });
  });

  describe('too long, too many, too large (too_big)', () => {
    it.each([
      ['a string', registerRequestSchema, { displayName: 'x'.repeat(81) }, 'displayName', 'displayName must be at most 80 characters'],
      ['a status message', REPORT_SCHEMAS.manual, { observedAt, availability: 'Busy', message: 'x'.repeat(281) }, 'message', 'message must be at most 280 characters'],
      ['an array', rulesRequestSchema, { rules: Array.from({ length: 51 }, () => ({ channelId: 'c', when: 'busy' })) }, 'rules', 'rules must be at most 50 items'],
      ['a number', watchRequestSchema, { when: 'available', channel: { type: 'webhook', url: 'https://hooks.example/x' }, expiresInMinutes: 1441 }, 'expiresInMinutes', 'expiresInMinutes must be at most 1440'],
    ])('%s', (_, schema, input, field, message) => {
      expect(refusal(schema, input)).toEqual({ code: 'invalid_field', field, message });
    });
  });

  describe('too short, too small, empty (too_small)', () => {
    it.each([
      ['an empty word', REPORT_SCHEMAS.graph, { observedAt, availability: '', activity: 'Busy' }, 'availability', 'availability must not be empty'],
      ['a short key', pushSubscriptionSchema, { endpoint: 'https://push.example/x', keys: { p256dh: 'short', auth: 'xxxxxxxx' } }, 'keys.p256dh', 'keys.p256dh must be at least 16 characters'],
      ['a number', watchRequestSchema, { when: 'available', channel: { type: 'webhook', url: 'https://hooks.example/x' }, expiresInMinutes: 0 }, 'expiresInMinutes', 'expiresInMinutes must be at least 1'],
    ])('%s', (_, schema, input, field, message) => {
      expect(refusal(schema, input)).toEqual({ code: 'invalid_field', field, message });
    });
  });

  describe('not one of the options (invalid_value)', () => {
    it('lists an enum readably', () => {
      expect(refusal(REPORT_SCHEMAS.manual, { observedAt, availability: 'Napping' })).toEqual({
        code: 'invalid_field',
        field: 'availability',
        message: 'availability must be one of Available, Busy, DoNotDisturb, BeRightBack, Away, Offline',
      });
    });

    it('names the single value a literal allows', () => {
      const literal = z.strictObject({ version: z.literal(1) });
      expect(refusal(literal, { version: 2 }).message).toBe('version must be 1');
    });

    it('keeps the nested field in front', () => {
      expect(refusal(REPORT_SCHEMAS.calendar, { observedAt, current: { start: observedAt, end: '2026-11-23T11:00:00Z', showAs: 'asleep' } }).message).toBe(
        'current.showAs must be one of free, tentative, busy, oof, workingElsewhere',
      );
    });
  });

  describe('fields that do not exist (unrecognized_keys)', () => {
    it('names the key and the fields there are', () => {
      expect(refusal(teams, { observedAt, call: null, foo: 1 })).toEqual({
        code: 'invalid_field',
        field: 'foo',
        message: 'foo is not a field here (the fields are observedAt, call, presence)',
      });
    });

    it('names a nested key by its path', () => {
      expect(refusal(teams, { observedAt, call: { inCall: true, video: true } })).toEqual({
        code: 'invalid_field',
        field: 'call.video',
        message: 'call.video is not a field here (the fields in call are inCall, muted, camera, handRaised, sharing, recording)',
      });
    });

    it('names a few of many', () => {
      expect(refusal(automationRequestSchema, { a: 1, b: 2 }).message).toBe('a and b are not fields here (the fields are calendarPausedUntil)');
      expect(refusal(automationRequestSchema, { a: 1, b: 2, c: 3, d: 4, e: 5 }).message).toBe('a, b, c and 2 more are not fields here (the fields are calendarPausedUntil)');
    });
  });

  describe('text in the wrong form (invalid_format)', () => {
    it.each([
      ['an ISO time (the schema words it)', teams, { observedAt: 'yesterday', call: null }, 'observedAt', 'observedAt must be an ISO 8601 time with a zone'],
      ['an https URL (the schema words it)', registerRequestSchema, { displayName: 'Ada', avatarUrl: 'http://img.example/a.png' }, 'avatarUrl', 'avatarUrl must be an https URL'],
      ['an email', registerRequestSchema, { displayName: 'Ada', email: 'ada-at-example' }, 'email', 'email must be an email address'],
      ['a pattern (the schema words it)', mqttOutputRequestSchema, { enabled: true, name: 'Ada Lovelace' }, 'name', 'name must be 1 to 40 lower-case letters, digits or dashes, starting and ending with a letter or digit'],
    ])('%s', (_, schema, input, field, message) => {
      expect(refusal(schema, input)).toEqual({ code: 'invalid_field', field, message });
    });

    it('words a URL and a pattern no schema words', () => {
      const plain = z.strictObject({ site: z.url().optional(), code: z.string().regex(/^[A-Z]{3}$/).optional() });
      expect(refusal(plain, { site: 'not a url' }).message).toBe('site must be a URL');
      expect(refusal(plain, { code: 'abcd' }).message).toBe('code is not in the expected form');
    });
  });

  describe("the schema's own words (custom)", () => {
    it.each([
      ['a refinement', registerRequestSchema, { displayName: 'Ada', timeZone: 'Mars/Olympus' }, 'timeZone', 'timeZone must be an IANA time zone'],
      ['the display-text rule', registerRequestSchema, { displayName: 'Ada\u202E' }, 'displayName', 'displayName must not contain bidirectional overrides or isolates'],
      ['a cross-field check', REPORT_SCHEMAS.calendar, { observedAt, current: { start: '2026-11-23T11:00:00Z', end: observedAt, showAs: 'busy' } }, 'current.end', 'current.end must be after start'],
      ['a bound worded by the schema', rouletteSettingsSchema, { everyWeeks: 9 }, 'everyWeeks', 'everyWeeks must be 1 to 8'],
      ['an array bound worded by the schema', rouletteChoicesSchema, { doNotPair: Array.from({ length: 51 }, (_, i) => `p${i}@example.com`) }, 'doNotPair', 'doNotPair must list at most 50 people'],
      ['a piped email', orgRulesRequestSchema, { rules: [{ channelId: 'c', when: 'busy', person: 'ada' }] }, 'rules.0.person', 'rules.0.person must be an email address'],
    ])('%s', (_, schema, input, field, message) => {
      expect(refusal(schema, input)).toEqual({ code: 'invalid_field', field, message });
    });

    it('says "is not valid" for a refinement without a message', () => {
      const bare = z.strictObject({ n: z.number().refine((n) => n % 2 === 0) });
      expect(refusal(bare, { n: 3 }).message).toBe('n is not valid');
    });
  });

  describe('none of the alternatives (invalid_union)', () => {
    it("keeps a discriminated union's own words", () => {
      expect(refusal(channelInputSchema, { type: 'carrier-pigeon', url: 'https://hooks.example/x' })).toEqual({
        code: 'invalid_field',
        field: 'type',
        message: 'type must be one of webhook, teams-workflow, ntfy, web-push, teams-bot',
      });
      expect(refusal(watchRequestSchema, { when: 'available', channel: { type: 'teams-bot', user: 'ada@example.com' } }).field).toBe('channel.type');
    });

    it('lists the options of a discriminated union without words', () => {
      const pet = z.strictObject({ pet: z.discriminatedUnion('kind', [z.object({ kind: z.literal('cat') }), z.object({ kind: z.literal('dog') })]) });
      expect(refusal(pet, { pet: { kind: 'fish' } }).message).toBe('pet.kind must be one of cat, dog');
    });

    it('says which kinds of value a plain union takes', () => {
      const either = z.strictObject({ size: z.union([z.string(), z.number()]) });
      expect(refusal(either, { size: true }).message).toBe('size must be text or a number');
    });

    it('validates the chosen alternative in words', () => {
      expect(refusal(channelInputSchema, { type: 'webhook', url: 'ftp://hooks.example/x' })).toEqual({ code: 'invalid_field', field: 'url', message: 'url must be an http or https URL' });
    });
  });

  it('never passes zod wording through', () => {
    const bad: [z.ZodType, unknown][] = [
      [teams, { observedAt, call: { inCall: 1, muted: 'no' } }],
      [teams, { observedAt: 5, call: [] }],
      [REPORT_SCHEMAS.manual, { observedAt, availability: 'x', until: 'soon' }],
      [REPORT_SCHEMAS.calendar, { observedAt, next: { start: 1 } }],
      [registerRequestSchema, { displayName: '' }],
      [statusQuerySchema, { pageSize: '0' }],
      [rulesRequestSchema, { rules: [{}] }],
      [channelInputSchema, []],
      [watchRequestSchema, { when: 'later', channel: {} }],
      [rouletteSettingsSchema, { weekday: 'Funday', groupSize: 3 }],
    ];
    for (const [schema, input] of bad) {
      const { message } = refusal(schema, input);
      expect(message).not.toMatch(/Invalid|expected|received|Too (big|small)|Unrecognized|[<>]=|"|\|/);
    }
  });
});
