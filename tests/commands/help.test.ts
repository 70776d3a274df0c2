import { describe, expect, test } from 'vitest';
import { help } from '../../commands/help.ts';
import { commands } from '../../commands/index.ts';
import type { DailyPosts } from '../../commands/services.ts';
import { type Command, defineCommand } from '../../commands/types.ts';
import { consolePlatform } from '../../src/adapters/console/chat.ts';
import { allText, context, dispatch, engine } from './helpers.ts';

const eng = await engine();

describe('/help and the registry', () => {
  test('the new commands are registered once each', () => {
    const names = commands.map((c) => c.spec.name);
    for (const n of ['fact', 'timeline', 'define', 'daily', 'gaps']) expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
  });

  test('help lists the fact commands; moderator ones only for moderators with daily posts', async () => {
    const member = allText(await help.execute(context(eng), {}));
    for (const n of ['/fact', '/timeline', '/define']) expect(member).toContain(n);
    expect(member).not.toContain('/daily');
    const daily: DailyPosts = {
      posting: true,
      set: () => {
        throw new Error('not used');
      },
      off: async () => false,
      status: async () => null,
      list: async () => [],
      preview: async () => null,
      poolSize: async () => 0,
    };
    const mod = allText(
      await help.execute(context(eng, { permissions: ['manageServer'], services: { daily } }), {}),
    );
    expect(mod).toContain('/daily');
    expect(mod).toContain('/gaps');
  });

  test('help reads the registry: a new command is listed without touching help', async () => {
    const quiz = defineCommand({
      spec: {
        name: 'quiz',
        description: 'A question to test yourself',
        kind: 'chat',
        help: 'a question about the documents, to test yourself',
        options: [],
      },
      execute: () => ({ kind: 'error', text: 'not used' }),
    });
    const registry: Command[] = [...commands, quiz];
    const ctx = context(eng);
    const text = allText(await dispatch(help, ctx, { values: {} }, undefined, commands));
    expect(text).toContain('/define');
    expect(text).not.toContain('/quiz');
    const withQuiz = allText(await dispatch(help, ctx, { values: {} }, undefined, registry));
    expect(withQuiz).toContain('/quiz a question about the documents, to test yourself');
  });

  test('platform words come from the platform: Discord’s menu hint; none in the terminal', async () => {
    const discord = allText(await help.execute(context(eng), {}));
    expect(discord).toContain(
      'Find in sources right-click a message → Apps: passages that support or relate to a message',
    );
    const terminal = allText(
      await dispatch(help, context(eng), { values: {} }, consolePlatform, commands),
    );
    expect(terminal).not.toContain('Find in sources');
    expect(terminal).not.toContain('/daily');
    expect(terminal).toContain('/define');
  });
});
