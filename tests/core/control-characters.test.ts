import { describe, expect, it } from 'vitest';
import { hasControlCharacters, registerRequestSchema } from '../../core';

describe('hasControlCharacters', () => {
  it('finds C0 controls and DEL anywhere in the text', () => {
    for (const bad of ['\u0000', 'Ada\tLovelace', 'bell\u0007', 'line\nbreak', 'esc\u001b[31m', 'del\u007f']) expect(hasControlCharacters(bad), JSON.stringify(bad)).toBe(true);
  });

  it('leaves ordinary names alone, accents and emoji included', () => {
    for (const good of ['Ada Lovelace', 'Zoë Ångström', '李小龍', 'Sam 🚀']) expect(hasControlCharacters(good), good).toBe(false);
  });

  it('is the rule the relay applies to a display name', () => {
    expect(registerRequestSchema.safeParse({ displayName: 'Ada\u0007' }).success).toBe(false);
    expect(registerRequestSchema.safeParse({ displayName: 'Ada' }).success).toBe(true);
  });
});
