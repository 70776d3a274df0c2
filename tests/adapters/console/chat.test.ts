import { PassThrough } from 'node:stream';
import pino from 'pino';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../commands/types.ts';
import { handleLine, runConsole } from '../../../src/adapters/console/chat.ts';
import { renderText } from '../../../src/adapters/console/render.ts';
import { type Engine, loadEngine } from '../../../src/answer/engine.ts';
import { RecentQuestionStore } from '../../../src/answer/recent.ts';

let engine: Engine;
const services: Services = { recent: new RecentQuestionStore() };
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
      text: 'Unknown command /frobnicate. Try /help, /ask, /sources, /source <id> or /quit.',
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
    expect(reply).toEqual({
      kind: 'error',
      text: 'Sorry, something went wrong with that. It has been logged.',
    });
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ command: 'ask', msg: 'command failed' });
  });
});

describe('runConsole', () => {
  async function session(input: string): Promise<string> {
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let written = '';
    stdout.on('data', (c: Buffer) => {
      written += c.toString('utf8');
    });
    const done = runConsole({ engine, services, logger, input: stdin, output: stdout });
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

  it('ends when the input ends', async () => {
    const out = await session('/source nope');
    expect(out).toContain('! No passage "nope".');
  });
});
