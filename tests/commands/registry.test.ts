/** The rules commands declare in their specs hold together (nothing is guessed from names). */
import { describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { OptionSpec } from '../../commands/spec.ts';

describe('command specs', () => {
  test('a declared visibility option is a boolean option of the command', () => {
    for (const { spec } of commands) {
      const name = spec.visibility?.option;
      if (name === undefined) continue;
      const option = spec.options.find(
        (o): o is OptionSpec => o.type !== 'subcommand' && o.name === name,
      );
      expect(option?.type, spec.name).toBe('boolean');
    }
  });

  test('what sends free text to the engine declares the question rate limit', () => {
    const limited = commands.filter((c) => c.spec.cooldown === 'question').map((c) => c.spec.name);
    expect(limited).toEqual(['ask', 'Find in sources']);
  });

  test('moderator commands declare the permission and the features they need', () => {
    const byName = new Map(commands.map((c) => [c.spec.name, c.spec]));
    expect(byName.get('daily')).toMatchObject({
      permission: 'manageServer',
      requires: ['servers', 'channelPosts'],
    });
    expect(byName.get('gaps')).toMatchObject({ permission: 'manageServer', requires: ['servers'] });
    // its buttons (Solved, Not helpful, Ask a human) are on answers everyone reads
    expect(byName.get('autoanswer')).toMatchObject({
      permission: 'manageServer',
      requires: ['servers', 'messages'],
      openButtons: true,
    });
    // no `requires`: the terminal chat reloads too
    expect(byName.get('reload')).toMatchObject({ permission: 'manageServer', options: [] });
    expect(byName.get('reload')).not.toHaveProperty('requires');
    expect(commands.filter((c) => c.spec.permission).map((c) => c.spec.name)).toEqual([
      'daily',
      'autoanswer',
      'gaps',
      'reload',
    ]);
    expect(commands.filter((c) => c.spec.openButtons).map((c) => c.spec.name)).toEqual([
      'autoanswer',
    ]);
  });
});
