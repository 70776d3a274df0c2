/**
 * What a command's spec declares, read on its own: who sees the answer. (Permission, the rate
 * limit and the platform's features are tested through the core, in core.test.ts.)
 */
import { describe, expect, test } from 'vitest';
import type { CommandSpec } from '../../commands/types.ts';
import { resolveVisibility } from '../../src/interactions/spec-rules.ts';

// the specs of core.test.ts's echo, slow and pager commands
const echo: { spec: CommandSpec } = {
  spec: {
    name: 'echo',
    description: 'Echo',
    kind: 'chat',
    cooldown: 'question',
    visibility: { default: 'private', option: 'private' },
    options: [
      { type: 'string', name: 'question', description: 'q', required: true, maxLength: 10 },
      { type: 'integer', name: 'n', description: 'n', min: 1, max: 3 },
      {
        type: 'string',
        name: 'color',
        description: 'c',
        choices: [{ name: 'Red', value: 'red' }],
      },
      { type: 'boolean', name: 'private', description: 'p' },
    ],
  },
};

const slow: { spec: CommandSpec } = {
  spec: {
    name: 'slow',
    description: 'Slow',
    kind: 'chat',
    visibility: { default: 'public', option: 'private' },
    options: [
      { type: 'boolean', name: 'private', description: 'p' },
      { type: 'string', name: 'mode', description: 'm' },
    ],
  },
};

const pager: { spec: CommandSpec } = {
  spec: { name: 'pager', description: 'Pages', kind: 'chat', options: [] },
};

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
