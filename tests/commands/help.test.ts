import { describe, expect, test } from 'vitest';
import { help } from '../../commands/help.ts';
import { commands } from '../../commands/index.ts';
import type { DailyPosts } from '../../commands/types.ts';
import { allText, context, engine } from './helpers.ts';

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
      off: () => false,
      status: () => null,
      list: () => [],
      preview: () => null,
      poolSize: () => 0,
    };
    const mod = allText(
      await help.execute(context(eng, { canManageServer: true, services: { daily } }), {}),
    );
    expect(mod).toContain('/daily');
    expect(mod).toContain('/gaps');
  });
});
