/** Options from typed text (terminal; Slack's `/dossier …`), read against the same specs. */
import { describe, expect, test } from 'vitest';
import { ask } from '../../commands/ask.ts';
import { daily } from '../../commands/daily.ts';
import { gaps } from '../../commands/gaps.ts';
import { sources } from '../../commands/sources.ts';
import { timeline } from '../../commands/timeline.ts';
import { parseCommandText, usage } from '../../src/interactions/text-args.ts';

describe('parseCommandText', () => {
  test('a text option takes the rest of the line', () => {
    expect(parseCommandText(ask.spec, '  What is an   SRBM? ', '/ask')).toEqual({
      ok: true,
      input: { subcommand: undefined, values: { question: 'What is an   SRBM?' }, fromText: true },
    });
    expect(parseCommandText(timeline.spec, 'Iran support', '/timeline')).toMatchObject({
      input: { values: { topic: 'Iran support' } },
    });
  });

  test('named options anywhere after the free text; names are the spec’s', () => {
    expect(
      parseCommandText(ask.spec, 'Who sent drones? document:going-ballistic private:false', '/ask'),
    ).toMatchObject({
      input: {
        values: { question: 'Who sent drones?', document: 'going-ballistic', private: 'false' },
      },
    });
    // "note:" is not an option of /ask: it stays in the question
    expect(parseCommandText(ask.spec, 'note: what is an SRBM?', '/ask')).toMatchObject({
      input: { values: { question: 'note: what is an SRBM?' } },
    });
  });

  test('subcommands, one word per option while a required one still needs a word', () => {
    expect(
      parseCommandText(
        daily.spec,
        'set #news 09:00 Europe/Paris topic:drones and missiles',
        '/daily',
      ),
    ).toEqual({
      ok: true,
      input: {
        subcommand: 'set',
        values: {
          channel: '#news',
          time: '09:00',
          timezone: 'Europe/Paris',
          topic: 'drones and missiles',
        },
        fromText: true,
      },
    });
    expect(parseCommandText(daily.spec, 'STATUS', '/daily')).toMatchObject({
      input: { subcommand: 'status', values: {} },
    });
  });

  test('usage errors name what is missing or extra', () => {
    expect(parseCommandText(daily.spec, '', '/dossier daily')).toEqual({
      ok: false,
      error:
        'Please pick one of: /dossier daily set, /dossier daily off, /dossier daily preview, /dossier daily status.',
    });
    expect(parseCommandText(daily.spec, 'set #news 09:00', '/daily')).toEqual({
      ok: false,
      error: 'Please fill in "timezone". Usage: /daily set <channel> <time> <timezone> [topic:…]',
    });
    expect(parseCommandText(sources.spec, 'all of them', '/sources')).toEqual({
      ok: false,
      error: 'Too many words. Usage: /sources',
    });
    expect(parseCommandText(gaps.spec, '10', '/gaps')).toMatchObject({
      input: { values: { limit: '10' } },
    });
  });

  test('nothing typed for a command’s one text: the command says what it wants', () => {
    expect(parseCommandText(ask.spec, '', '/ask')).toMatchObject({
      ok: true,
      input: { values: { question: '' } },
    });
  });

  test('usage lines', () => {
    expect(usage('/ask', ask.spec.options)).toBe('/ask <question> [document:…] [private:…]');
  });
});
