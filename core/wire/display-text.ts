import type { z } from 'zod';
import { hasControlCharacters } from './limits';

/** Overrides, embeddings and isolates: they reorder what follows them (U+202A–202E, U+2066–2069). */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
/** Line and paragraph separators break lines where no line may break. */
const SEPARATORS = /[\u2028\u2029]/;
/** A surrogate half without its partner is not text (and not encodable as UTF-8). */
const LONE_SURROGATE = /\p{Cs}/u;
/** What renders as nothing: spaces, format characters (zero-width ones), fillers that draw blank. */
const INVISIBLE = /^[\s\p{Cf}\p{Z}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/**
 * The rule for every text the relay shows to someone else (display names, status messages): no
 * controls, no bidi overrides or isolates, no line/paragraph separators, no lone surrogates, and
 * something visible. Returns what is wrong in words ("must …"), or null when the text is fine.
 */
export function displayTextProblem(text: string): string | null {
  if (hasControlCharacters(text)) return 'must not contain control characters';
  if (BIDI_CONTROLS.test(text)) return 'must not contain bidirectional overrides or isolates';
  if (SEPARATORS.test(text)) return 'must not contain line or paragraph separators';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired surrogates';
  // Empty is "no text" (an absent message); only text that is there but shows nothing is refused.
  if (text !== '' && INVISIBLE.test(text)) return 'must contain something visible';
  return null;
}

/** Adds the display-text rule to a zod string (after its own trims and lengths). */
export function displayText<S extends z.ZodString>(schema: S): S {
  return schema.superRefine((s, ctx) => {
    const problem = displayTextProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}
