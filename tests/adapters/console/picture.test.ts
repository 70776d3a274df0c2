/** The terminal saves the timeline picture and prints where; what it cannot save it describes. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import pino from 'pino';
import { afterAll, describe, expect, test } from 'vitest';
import { runConsole, savePictures } from '../../../src/adapters/console/chat.ts';
import { renderText } from '../../../src/adapters/console/render.ts';
import type { Reply } from '../../../src/answer/reply.ts';
import { MemoryRecentQuestions } from '../../../src/storage/recent.ts';
import { engine } from '../../support/engine.ts';

const logger = pino({ level: 'silent' });
const dir = mkdtempSync(join(tmpdir(), 'dossier-pictures-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function session(input: string, picturesDir: string): Promise<string> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let written = '';
  stdout.on('data', (c: Buffer) => {
    written += c.toString('utf8');
  });
  const done = runConsole({
    engine: await engine(),
    services: { recent: new MemoryRecentQuestions() },
    logger,
    input: stdin,
    output: stdout,
    picturesDir,
  });
  stdin.end(input);
  await done;
  return written;
}

describe('the timeline picture in the terminal', () => {
  test('/timeline writes the PNG under the pictures folder and prints its path; lines are numbered', async () => {
    const out = await session('/timeline\n1\n', join(dir, '.cache'));
    const paths = [...out.matchAll(/^Picture: (.+\.png)$/gmu)].map((m) => m[1] ?? '');
    expect(paths.length).toBe(2);
    expect(paths[0]).toMatch(/\.cache\/timeline-[0-9a-f]{16}\.png$/u);
    // the same picture on every page: one file
    expect(paths[1]).toBe(paths[0]);
    const png = readFileSync(paths[0] ?? '');
    expect(png.subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
    expect(out).toMatch(/^ {2}\[1\] 1979: /mu);
    expect(out).toMatch(/^ {2}\[9\] /mu);
    // sharing means nothing in a private terminal: Later is 1, no Share button
    expect(out).toContain('Press 1 ▶ Later (type the number)');
  });

  test('a picture that cannot be written is described by its alt text', async () => {
    const blocker = join(dir, 'file-not-folder');
    writeFileSync(blocker, 'x');
    const reply: Reply = {
      kind: 'message',
      visibility: 'private',
      blocks: [],
      actions: [],
      attachments: [
        {
          name: 'timeline.png',
          contentType: 'image/png',
          data: new Uint8Array([1]),
          alt: 'Timeline: 1 dated event.',
        },
      ],
    };
    const paths = await savePictures(reply, join(blocker, 'sub'), logger);
    expect(paths).toEqual([null]);
    expect(existsSync(join(blocker, 'sub'))).toBe(false);
    expect(renderText(reply, undefined, { pictures: paths })).toContain(
      'Picture (not saved): Timeline: 1 dated event.',
    );
  });
});
