import type { z } from 'zod';

/**
 * Validation problems in words a person reads, named by field ("call.inCall must be true or
 * false", "observedAt is required"): the one place that turns zod's issues into the `message` of
 * an `invalid_field` error. Zod's own wording ("Invalid input: expected boolean, received
 * string") and its type names never reach anyone.
 */

type RawIssue = z.core.$ZodRawIssue;
type Issue = z.core.$ZodIssue;

/** What the root of the input is called when the problem is not inside a field. */
const ROOT = 'body';
/** Unknown keys named in one message; a body of hundreds of them still gets a short line. */
const KEYS_NAMED = 3;

export function fieldName(path: readonly PropertyKey[] | undefined): string {
  return path && path.length > 0 ? path.map(String).join('.') : ROOT;
}

/** The kinds of value a JSON body has, as a person says them. */
const KIND_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  object: 'an object',
  tuple: 'an array',
  record: 'an object',
  null: 'null',
  date: 'a date',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'must be an email address',
  url: 'must be a URL',
  datetime: 'must be an ISO 8601 date and time',
  date: 'must be a date as YYYY-MM-DD',
  time: 'must be a time as HH:MM',
  duration: 'must be an ISO 8601 duration',
  uuid: 'must be a GUID',
  guid: 'must be a GUID',
  ipv4: 'must be an IPv4 address',
  ipv6: 'must be an IPv6 address',
  lowercase: 'must be lower case',
  uppercase: 'must be upper case',
};

function kind(expected: string): string {
  return KIND_WORDS[expected] ?? 'a value of another kind';
}

function listed(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

function unit(origin: string, n: number | bigint): string {
  const one = Number(n) === 1;
  if (origin === 'string') return one ? ' character' : ' characters';
  if (origin === 'array' || origin === 'set') return one ? ' item' : ' items';
  if (origin === 'file') return one ? ' byte' : ' bytes';
  return '';
}

function bound(origin: string, n: number | bigint): string {
  return origin === 'date' ? new Date(Number(n)).toISOString() : `${n}${unit(origin, n)}`;
}

function tooBig(i: Extract<RawIssue, { code: 'too_big' }>): string {
  if (i.exact) return `must be exactly ${bound(i.origin, i.maximum)}`;
  if (i.origin === 'date') return `must be ${i.inclusive ? 'at or before' : 'before'} ${bound(i.origin, i.maximum)}`;
  return i.inclusive === false ? `must be less than ${bound(i.origin, i.maximum)}` : `must be at most ${bound(i.origin, i.maximum)}`;
}

function tooSmall(i: Extract<RawIssue, { code: 'too_small' }>): string {
  if (i.exact) return `must be exactly ${bound(i.origin, i.minimum)}`;
  const sized = i.origin === 'string' || i.origin === 'array' || i.origin === 'set';
  // "at least 1 character" is a roundabout way to say it.
  if (sized && Number(i.minimum) === 1 && i.inclusive !== false) return 'must not be empty';
  if (i.origin === 'date') return `must be ${i.inclusive ? 'at or after' : 'after'} ${bound(i.origin, i.minimum)}`;
  return i.inclusive === false ? `must be more than ${bound(i.origin, i.minimum)}` : `must be at least ${bound(i.origin, i.minimum)}`;
}

function format(i: Extract<RawIssue, { code: 'invalid_format' }>): string {
  const fixed = FORMAT_WORDS[i.format];
  if (fixed) return fixed;
  if (i.format === 'starts_with' && typeof i.prefix === 'string') return `must start with ${i.prefix}`;
  if (i.format === 'ends_with' && typeof i.suffix === 'string') return `must end with ${i.suffix}`;
  if (i.format === 'includes' && typeof i.includes === 'string') return `must contain ${i.includes}`;
  return 'is not in the expected form';
}

/** The fields an object schema has, when the issue came from one (to say what is allowed instead). */
function fieldsOf(i: RawIssue): string[] {
  const def: unknown = i.inst?._zod.def;
  const shape = def && typeof def === 'object' && 'shape' in def ? (def as { shape: unknown }).shape : null;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

function unknownKeys(i: Extract<RawIssue, { code: 'unrecognized_keys' }>): string {
  const names = i.keys.slice(0, KEYS_NAMED).map((k) => fieldName([...(i.path ?? []), k]));
  const more = i.keys.length - names.length;
  const which = more > 0 ? `${names.join(', ')} and ${more} more` : names.length === 2 ? names.join(' and ') : names.join(', ');
  const fields = fieldsOf(i);
  const here = i.path && i.path.length > 0 ? ` in ${fieldName(i.path)}` : '';
  const allowed = fields.length > 0 ? ` (the fields${here} are ${fields.join(', ')})` : '';
  return i.keys.length === 1 ? `${which} is not a field here${allowed}` : `${which} are not fields here${allowed}`;
}

function union(i: Extract<RawIssue, { code: 'invalid_union' }>, name: string): string {
  // A discriminated union whose discriminator matched nothing lists the values it knows.
  const options: unknown = 'options' in i ? i.options : undefined;
  if (Array.isArray(options) && options.length > 0) return `${name} must be one of ${listed(options)}`;
  if (i.inclusive === false) return `${name} matches more than one of the accepted forms`;
  // Each alternative failed; when each wanted a different kind of value, say which kinds.
  const firsts = i.errors.map((alternative) => alternative[0]);
  const kinds = firsts.every((f): f is Extract<Issue, { code: 'invalid_type' }> => f?.code === 'invalid_type' && f.path.length === 0)
    ? [...new Set(firsts.map((f) => kind(f.expected)))]
    : [];
  if (kinds.length > 0) return `${name} must be ${kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}` : kinds[0]}`;
  return `${name} does not match any of the accepted forms`;
}

/** Words for an issue no schema wrote its own message for. Always a sentence that starts with the field. */
export function issueWords(i: RawIssue): string {
  const name = fieldName(i.path);
  switch (i.code) {
    case 'invalid_type':
      // An absent field is "required" whatever the issue: issueMessage says so for every kind.
      if (i.input === null) return `${name} must be ${kind(i.expected)}, not null`;
      return `${name} must be ${kind(i.expected)}`;
    case 'too_big':
      return `${name} ${tooBig(i)}`;
    case 'too_small':
      return `${name} ${tooSmall(i)}`;
    case 'invalid_format':
      return `${name} ${format(i)}`;
    case 'invalid_value':
      return i.values.length === 1 ? `${name} must be ${listed(i.values)}` : `${name} must be one of ${listed(i.values)}`;
    case 'unrecognized_keys':
      return unknownKeys(i);
    case 'invalid_union':
      return union(i, name);
    case 'not_multiple_of':
      return `${name} must be a multiple of ${i.divisor}`;
    case 'invalid_key':
      return `${name} has a key that is not valid`;
    case 'invalid_element':
      return `${name} holds a value that is not valid`;
    default:
      return `${name} is not valid`;
  }
}

/** A schema's own message is mostly a predicate ("must be an IANA time zone") that needs its field in front. */
const PREDICATE = /^(?:must|is|are|has)\s/;

/**
 * The message for a finalised issue (parsed with `issueWords` as the error map and `reportInput`):
 * an absent field is "required" whatever the schema says about its form; a schema's own predicate
 * gets its field in front; a sentence (ours, or one the schema wrote whole) stays as it is.
 */
export function issueMessage(issue: Issue, field: string | undefined): string {
  const name = field ?? ROOT;
  // An absent enum or literal is reported by zod as a wrong value: absent is what the person must hear.
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && issue.input === undefined) return `${name} is required`;
  // A sentence already naming its field (ours always do) is whole.
  if (issue.message.startsWith(`${name} `)) return issue.message;
  return PREDICATE.test(issue.message) ? `${name} ${issue.message}` : issue.message;
}
