/**
 * What a command's spec declares, read on its own: who sees the answer. (Permission, the rate
 * limit and the platform's features are tested through the core, in core.test.ts.)
 */
import { describe, expect, test } from 'vitest';
import type { CommandSpec } from '../../commands/spec.ts';
import { resolveVisibility } from '../../src/interactions/spec-rules.ts';

/** A chat command's spec with only what visibility reads: its declaration and its options. */
function spec(
  name: string,
  visibility: CommandSpec['visibility'],
  options: CommandSpec['options'] = [],
): { spec: CommandSpec } {
  return { spec: { name, description: name, kind: 'chat', visibility, options } };
}

const PRIVATE = { type: 'boolean', name: 'private', description: 'p' } as const;
// private unless asked otherwise; public unless asked otherwise; nothing declared
const echo = spec('echo', { default: 'private', option: 'private' }, [PRIVATE]);
const slow = spec('slow', { default: 'public', option: 'private' }, [PRIVATE]);
const pager = spec('pager', undefined);

describe('what the spec declares', () => {
  test('visibility from the declared option, else the default; the command sees it in ctx', () => {
    expect(resolveVisibility(echo.spec, {})).toBe('private');
    expect(resolveVisibility(echo.spec, { private: false })).toBe('public');
    expect(resolveVisibility(echo.spec, { private: true })).toBe('private');
    expect(resolveVisibility(slow.spec, {})).toBe('public');
    expect(resolveVisibility(pager.spec, { private: false })).toBe('private');
    // an option merely named like one does not count unless declared
    expect(resolveVisibility(pager.spec, { public: true, hide: false })).toBe('private');
  });
});
