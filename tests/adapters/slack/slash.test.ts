/** `/dossier …` read against the same command specs as every platform, with Slack's escaping. */
import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { parseSlackChannel, slackPlatform } from '../../../src/adapters/slack/platform.ts';
import { parseSlash } from '../../../src/adapters/slack/slash.ts';
import { createInteractionCore } from '../../../src/interactions/core.ts';
import { engine, TestRecent } from '../../support/engine.ts';

const core = createInteractionCore({
  commands,
  engine: await engine(),
  services: { recent: new TestRecent() },
  logger: pino({ level: 'silent' }),
  platform: slackPlatform,
});

describe('parseSlash', () => {
  test('a command and its options, as on every platform', () => {
    expect(parseSlash(core, 'ask What is an SRBM?')).toEqual({
      ok: true,
      name: 'ask',
      options: { subcommand: undefined, values: { question: 'What is an SRBM?' }, fromText: true },
    });
    expect(parseSlash(core, 'DEFINE  E3 ')).toMatchObject({
      name: 'define',
      options: { values: { term: 'E3' } },
    });
    expect(parseSlash(core, 'fact')).toMatchObject({
      ok: true,
      name: 'fact',
      options: { values: {} },
    });
  });

  test('daily set with the channel as Slack escapes it', () => {
    expect(
      parseSlash(
        core,
        'daily set <#C0123ABCD|news> 09:00 Europe/Paris topic:drones &amp; missiles',
      ),
    ).toEqual({
      ok: true,
      name: 'daily',
      options: {
        subcommand: 'set',
        values: {
          channel: '<#C0123ABCD|news>',
          time: '09:00',
          timezone: 'Europe/Paris',
          topic: 'drones & missiles',
        },
        fromText: true,
      },
    });
  });

  test('Slack’s entities are undone in the values', () => {
    expect(parseSlash(core, 'ask is &lt;b&gt; &amp; c?')).toMatchObject({
      options: { values: { question: 'is <b> & c?' } },
    });
  });

  test('empty is help; a question without a command is ask; one unknown word is an error', () => {
    expect(parseSlash(core, '  ')).toMatchObject({ ok: true, name: 'help' });
    expect(parseSlash(core, 'who supplies drones?')).toMatchObject({
      ok: true,
      name: 'ask',
      options: { values: { question: 'who supplies drones?' } },
    });
    const typo = parseSlash(core, 'timline');
    expect(typo.ok).toBe(false);
    expect(typo.ok ? '' : typo.error).toMatch(
      /^There is no command "timline"\. Try \/dossier ask, \/dossier source, .*\/dossier help, or ask a question: \/dossier ask <question>\.$/u,
    );
  });

  test('usage errors use the Slack label', () => {
    expect(parseSlash(core, 'daily set')).toEqual({
      ok: false,
      error:
        'Please fill in "channel". Usage: /dossier daily set <channel> <time> <timezone> [topic:…]',
    });
    expect(parseSlash(core, 'daily sometimes')).toMatchObject({
      ok: false,
      error: expect.stringContaining('Please pick one of: /dossier daily set, /dossier daily off'),
    });
  });
});

describe('parseSlackChannel', () => {
  test.each([
    ['<#C0123ABCD|news>', 'C0123ABCD'],
    ['<#G0123ABCDEF>', 'G0123ABCDEF'],
    ['C0123ABCD', 'C0123ABCD'],
    ['#news', null],
    ['<@U0123ABCD>', null],
    ['<#C01|x>', null],
    ['c0123abcd', null],
  ])('%s → %s', (raw, id) => {
    expect(parseSlackChannel(raw)).toBe(id);
  });
});
