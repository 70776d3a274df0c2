import { describe, expect, test } from 'vitest';
import { source } from '../../commands/source.ts';
import { slackPlatform } from '../../src/adapters/slack/platform.ts';
import { asError, asMessage, context, engine } from './helpers.ts';

const eng = await engine();

describe('/source', () => {
  test('with no id: a usage line with an example id and where to find more, not "No passage"', async () => {
    for (const id of ['', '   ']) {
      const text = asError(await source.execute(context(eng), { id }));
      expect(text).toBe(
        'Usage: /source <id>, a passage id such as going-ballistic#p1 (/sources lists the documents).',
      );
    }
  });

  test('the usage line is in the platform’s own words', async () => {
    const text = asError(
      await source.execute(context(eng, { platform: slackPlatform }), { id: '' }),
    );
    expect(text).toBe(
      'Usage: /dossier source <id>, a passage id such as going-ballistic#p1 (/dossier sources lists the documents).',
    );
  });

  test('an id is shown; a wrong one is still named', async () => {
    expect(
      asMessage(await source.execute(context(eng), { id: 'going-ballistic#p2' })).footer,
    ).toContain('going-ballistic#p2');
    expect(asError(await source.execute(context(eng), { id: 'nope' }))).toContain(
      'No passage "nope"',
    );
  });
});
