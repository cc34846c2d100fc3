import type { z } from 'zod';
import { issueMessage, issueWords } from './issue-words';
import { LIMITS } from './limits';

export type ParseResult<T> = { ok: true; value: T } | { ok: false; field?: string; message: string; code: 'invalid_field' | 'forbidden_key' | 'time_out_of_range' };

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Path of the first key that could pollute prototypes when merged, or null. */
export function findForbiddenKey(value: unknown, path: string[] = []): string | null {
  if (value === null || typeof value !== 'object') return null;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return [...path, key].join('.');
    const found = findForbiddenKey((value as Record<string, unknown>)[key], [...path, key]);
    if (found) return found;
  }
  return null;
}

/** Validate untrusted input against a schema; the first problem names its field. */
export function parseWire<S extends z.ZodType>(schema: S, input: unknown): ParseResult<z.infer<S>> {
  const bad = findForbiddenKey(input);
  if (bad) return { ok: false, code: 'forbidden_key', field: bad, message: `key "${bad.split('.').pop()}" is not allowed` };
  // Our words stand in for zod's wherever a schema wrote none; the input lets "missing" be told apart.
  const r = schema.safeParse(input, { error: issueWords, reportInput: true });
  if (r.success) return { ok: true, value: r.data };
  const issue = r.error.issues[0];
  if (!issue) return { ok: false, code: 'invalid_field', message: 'the body is not valid' };
  let path = issue.path.map(String);
  // An unknown key is reported on its parent; name the key itself so the caller can find it.
  if (issue.code === 'unrecognized_keys' && issue.keys[0]) path = [...path, issue.keys[0]];
  const field = path.join('.') || undefined;
  return { ok: false, code: 'invalid_field', field, message: issueMessage(issue, field) };
}

/** observedAt must be a plausible sensor time: not before 2020, not ahead of the clock. */
export function checkObservedAt(observedAt: string, nowMs: number): ParseResult<string> {
  const t = Date.parse(observedAt);
  if (t < LIMITS.earliestObservedAt || t > nowMs + LIMITS.futureSkewMs) {
    return { ok: false, code: 'time_out_of_range', field: 'observedAt', message: 'observedAt is too far in the past or in the future' };
  }
  return { ok: true, value: observedAt };
}
