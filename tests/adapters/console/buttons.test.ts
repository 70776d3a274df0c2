import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pressButton, runConsole } from '../../../src/adapters/console/chat.ts';
import { pressableButtons } from '../../../src/adapters/console/render.ts';
import { type Engine, loadEngine } from '../../../src/answer/engine.ts';
import { MemoryRecentQuestions } from '../../../src/storage/recent.ts';

let engine: Engine;
const logger = pino({ level: 'silent' });
// the timeline's picture is saved here, never into the checkout's .cache
const picturesDir = mkdtempSync(join(tmpdir(), 'dossier-console-buttons-'));
beforeAll(async () => {
  engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });
});
afterAll(() => rmSync(picturesDir, { recursive: true, force: true }));

async function session(lines: string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
  });
  const done = runConsole({
    engine,
    services: { recent: new MemoryRecentQuestions() },
    logger,
    input,
    output,
    picturesDir,
  });
  input.end(`${lines.join('\n')}\n`);
  await done;
  return text;
}

describe('console buttons', () => {
  it('pages a timeline by typing the number of its button', async () => {
    const out = await session(['/timeline', '1']);
    expect(out).toContain('page 1 of 2');
    expect(out).toContain('page 2 of 2');
    expect(out).toContain('Press 1');
  });

  it('says so when a number names no button, and asks a number as a question when there are none', async () => {
    const out = await session(['/timeline', '9', '/sources', '1']);
    expect(out).toContain('There is no button 9; type 1 to 1');
    expect(out).toMatch(/do not mention 1|Add a keyword/u);
  });

  it('a wrong number keeps the buttons: the next right number still presses one', async () => {
    const out = await session(['/timeline', '9', '1']);
    expect(out).toContain('There is no button 9; type 1 to 1');
    expect(out).toContain('page 2 of 2');
  });

  it('offers no share or vote buttons in a terminal, and presses a source button by id', async () => {
    const reply = await pressButton('source:going-ballistic#p3', {
      engine,
      services: { recent: new MemoryRecentQuestions() },
      logger,
    });
    expect(reply.kind).toBe('message');
    expect(pressableButtons(reply)).toEqual([]);
    const unknown = await pressButton('nothing:here', {
      engine,
      services: { recent: new MemoryRecentQuestions() },
      logger,
    });
    expect(unknown).toEqual({ kind: 'error', text: 'This button no longer works.' });
  });
});
