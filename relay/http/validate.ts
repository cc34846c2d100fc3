import type { z } from 'zod';
import { parseWire } from '../../core';
import { HttpError } from './http-error';

/** Validate a parsed body against a wire schema, or throw the contract's 400/422. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = parseWire(schema, input);
  if (r.ok) return r.value;
  throw new HttpError(r.code, r.message, r.field);
}
