import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../commands/services.ts';
import { ConsoleNotices, handleLine, runConsole } from '../../../src/adapters/console/chat.ts';
import { renderText } from '../../../src/adapters/console/render.ts';
import { type Engine, loadEngine } from '../../../src/answer/engine.ts';
import { APOLOGY } from '../../../src/interactions/notices.ts';
import { MemoryRecentQuestions } from '../../../src/storage/recent.ts';
import { until } from '../discord/helpers.ts';

let engine: Engine;
const services: Services = { recent: new MemoryRecentQuestions() };
const logger = pino({ level: 'silent' });
beforeAll(async () => {
  engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });
});
const line = async (text: string) => handleLine(text, { engine, services, logger });

describe('handleLine', () => {
  it('answers a plain question as /ask, citing and emphasising the answer', async () => {
    const reply = await line('What is an SRBM?');
    expect(reply.kind).toBe('message');
    const text = renderText(reply);
    expect(text).toContain(
      '[1] **An Iranian short-range ballistic missile (SRBM) Tondar-69 on display at IRGC aerospace fair in western Tehran.**',
    );
    expect(text).toMatch(
      /^\[1\] Going ballistic: How Europeans can respond to… — ECFR, caption ¶1$/mu,
    );
    expect(text).toMatch(/^\[2\] Going ballistic: How Europeans can respond to… — ECFR, ¶2$/mu);
    expect(text).toContain('/source going-ballistic#p1');
    expect(await line('/ask What is an SRBM?')).toMatchObject({ kind: 'message' });
  });

  it('says plainly what the documents do not mention', async () => {
    expect(renderText(await line('What is the GDP of Japan?'))).toContain(
      '⚠ The documents do not mention GDP and Japan.',
    );
  });

  it('shows help and the sources', async () => {
    const help = await line('/help');
    expect(help.kind).toBe('message');
    expect(renderText(help)).toContain('/source');
    // typed as people type it to a bot: the help, not a passage that says "help"
    for (const typed of ['help', 'what can you do?'])
      expect(renderText(await line(typed))).toBe(renderText(help));
    const sources = renderText(await line('/sources'));
    expect(sources).toContain('2 documents, 23 paragraphs');
    expect(sources).toContain('id: going-ballistic');
    expect(sources).toContain('id: iran-russia-alliance');
    expect(await line('/SOURCES')).toMatchObject({ kind: 'message' });
  });

  it('shows a passage by id, with previous and next', async () => {
    const text = renderText(await line('/source going-ballistic#p2'));
    expect(text).toContain('[2] European and US governments announced this week');
    expect(text).toContain('Previous: /source going-ballistic#p1');
    expect(text).toContain('Next: /source going-ballistic#p3');
    expect(text).toContain('going-ballistic#p2 · paragraph 2 of 11');
  });

  it('explains a bad passage id, an unknown command and an empty question', async () => {
    expect(await line('/source nope')).toEqual({
      kind: 'error',
      text: 'No passage "nope". Ids look like going-ballistic#p1; /sources lists the documents.',
    });
    expect(await line('/frobnicate now')).toEqual({
      kind: 'error',
      text: 'Unknown command /frobnicate. Try /ask <question>, /source <id>, /sources, /fact, /timeline, /define <term>, /reload, /help or /quit.',
    });
    expect(await line('/ask')).toEqual({
      kind: 'error',
      text: 'Type a question, e.g. "What is an SRBM?"',
    });
    expect(await line('???')).toMatchObject({ kind: 'error' });
    expect((await line('/')).kind).toBe('error');
  });

  it('turns an unexpected failure into an apology and logs it', async () => {
    const errors: unknown[] = [];
    const broken = {
      ...engine,
      ask: () => {
        throw new Error('boom');
      },
    };
    const spy = pino({ level: 'error' }, { write: (s: string) => errors.push(JSON.parse(s)) });
    const reply = await handleLine('What is an SRBM?', { engine: broken, services, logger: spy });
    expect(reply).toEqual({ kind: 'error', text: APOLOGY });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ command: 'ask', msg: 'console: command handler threw' });
  });
});

describe('terminal defects (issue 9)', () => {
  it('applies the specs’ length limits, as every platform does', async () => {
    expect(await line(`/fact ${'x'.repeat(81)}`)).toEqual({
      kind: 'error',
      text: 'Your topic is too long (81 characters); please keep it under 80.',
    });
    expect(await line(`/define ${'y'.repeat(101)}`)).toMatchObject({
      text: expect.stringContaining('too long (101 characters)'),
    });
    expect(await line(`Iran ${'drones '.repeat(60)}`)).toMatchObject({
      kind: 'error',
      text: expect.stringContaining('please keep it under 300'),
    });
  });

  it('does not echo bidi controls or zero-width characters from a question', async () => {
    const reply = await line('What is an S\u200BRBM\u202E\u2066?\uFEFF');
    const text = renderText(reply);
    expect(text).toContain('What is an SRBM?');
    expect(text).not.toMatch(/[\u200B\u202E\u2066\uFEFF]/u);
  });

  it('says which commands it cannot serve, fills options from words, refuses extra words', async () => {
    expect(await line('/daily status')).toEqual({
      kind: 'error',
      text: '/daily is not available here.',
    });
    expect(renderText(await line('/fact drones'))).toMatch(/A fact about drones/u);
    expect(await line('/sources extra words')).toEqual({
      kind: 'error',
      text: 'Too many words. Usage: /sources',
    });
  });
});

describe('runConsole', () => {
  // pictures (the timeline's) are saved here, never into the checkout's .cache
  const picturesDir = mkdtempSync(join(tmpdir(), 'dossier-console-chat-'));
  afterAll(() => rmSync(picturesDir, { recursive: true, force: true }));

  async function session(input: string): Promise<string> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stdout.on('data', (c: Buffer) => {
      written += c.toString('utf8');
    });
    const done = runConsole({
      engine,
      services,
      logger,
      input: stdin,
      output: stdout,
      picturesDir,
    });
    stdin.end(input);
    await done;
    return written;
  }

  it('greets, answers each line, and stops at /quit', async () => {
    const out = await session('What is an SRBM?\n\n/sources\n/quit\nWhat does UAS stand for?\n');
    expect(out.startsWith('Dossier: 2 documents, 23 paragraphs.')).toBe(true);
    expect(out).toContain('**An Iranian short-range ballistic missile (SRBM)');
    expect(out).toContain('2 documents, 23 paragraphs\n');
    expect(out).not.toContain('unmanned aerial systems');
    expect(out).not.toContain('\x1b');
  });

  it('reads a plain question with the conversation before it, and /new starts afresh', async () => {
    const out = await session(
      'What did Iran supply to Russia?\nand the drones?\n/new\nand the drones?\n/quit\n',
    );
    expect(out).toContain('follow-ups are read with the ones before; /new starts afresh');
    expect(out).toContain('What did Iran supply to Russia? drones\n');
    const afresh = out.slice(
      out.indexOf('New conversation: the next question is read on its own.'),
    );
    expect(afresh.length).toBeLessThan(out.length);
    expect(afresh).toContain('and the drones?');
    expect(afresh).not.toContain('What did Iran supply to Russia? drones');
  });

  it('ends when the input ends', async () => {
    const out = await session('/source nope');
    expect(out).toContain('! No passage "nope".');
  });

  it('a notice while waiting at the prompt (a reload) is shown, then the prompt again', async () => {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stdout.on('data', (c: Buffer) => {
      written += c.toString('utf8');
    });
    const notices = new ConsoleNotices();
    const done = runConsole({ engine, services, logger, input: stdin, output: stdout, notices });
    await until(() => written.endsWith('> '), 5000, 'the prompt');
    notices.post('corpus: reloaded (3 documents, 30 paragraphs)');
    await until(() => written.includes('corpus: reloaded'), 5000, 'the notice');
    expect(written.endsWith('corpus: reloaded (3 documents, 30 paragraphs)\n> ')).toBe(true);
    stdin.end('/quit\n');
    await done;
    // after the chat ends, a notice has nowhere to go and is not an error
    notices.post('corpus: reloaded again');
    expect(written).not.toContain('reloaded again');
  });
});
