import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pool, readPool, sourceOf } from '../../src/cli/fit-pools.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { page } from '../eval/explorer-page.ts';

const SQUAD = 'tests/fixtures/squad-tiny.json';
const titles = (json: { data: unknown[] }) => json.data.map((a) => (a as { title: string }).title);

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fit-pools-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readPool', () => {
  it('reads a SQuAD file whole, named by its file name', async () => {
    const read = await readPool(SQUAD);
    expect(read.name).toBe('squad-tiny.json');
    expect(titles(read.json)).toEqual(['Black Sea', 'Caspian Sea']);
  });

  it('keeps the first N articles (FILE#N) or articles A to B (FILE#A-B), named with the range', async () => {
    const first = await readPool(`${SQUAD}#1`);
    expect(first.name).toBe('squad-tiny.json#1');
    expect(titles(first.json)).toEqual(['Black Sea']);
    const second = await readPool(`${SQUAD}#2-2`);
    expect(second.name).toBe('squad-tiny.json#2-2');
    expect(titles(second.json)).toEqual(['Caspian Sea']);
  });

  it('refuses a range that is not a number or A-B, and a file without data', async () => {
    await expect(readPool(`${SQUAD}#two`)).rejects.toThrow(
      `fit: ${SQUAD}#two: the part after # must be a number of articles or a range A-B`,
    );
    const bare = join(dir, 'bare.json');
    await writeFile(bare, '{"version": "v2.0"}');
    await expect(readPool(bare)).rejects.toThrow(`fit: ${bare}: not a SQuAD v2 file (no data)`);
  });

  it("converts QED's Natural Questions JSON lines", async () => {
    const file = join(dir, 'nq-train-tiny.jsonlines');
    const line = {
      example_id: 1,
      question_text: 'what is the medical term for webbed toes',
      title_text: 'Webbed toes',
      paragraph_text: 'Webbed toes is the common name for syndactyly affecting the feet .',
      answer_text: ['syndactyly affecting the feet'],
    };
    await writeFile(file, `${JSON.stringify(line)}\n`);
    const read = await readPool(file);
    expect(read.name).toBe('nq-train-tiny.jsonlines');
    expect(titles(read.json)).toEqual(['Webbed toes']);
  });

  it("reads a folder of SQuAD-explorer pages in name order, named by the folder's place", async () => {
    const folder = join(dir, 'explore', '1.1', 'train');
    await mkdir(folder, { recursive: true });
    await writeFile(
      join(folder, 'B_Second.html'),
      page('Second', [['The second page.', [['Which page?', ['second']]]]]),
    );
    await writeFile(
      join(folder, 'A_First.html'),
      page('First', [['The first page.', [['Which page?', ['first']]]]]),
    );
    await writeFile(join(folder, 'notes.txt'), 'not a page');
    const all = await readPool(folder);
    expect(all.name).toBe('squad-explorer-1.1-train');
    expect(titles(all.json)).toEqual(['First', 'Second']);
    const last = await readPool(`${folder}#2-2`);
    expect(last.name).toBe('squad-explorer-1.1-train#2-2');
    expect(titles(last.json)).toEqual(['Second']);
    await expect(readPool(`${folder}#3-4`)).rejects.toThrow(
      `fit: ${folder}: no SQuAD-explorer pages (.html) in it`,
    );
  });
});

describe('pool', () => {
  it('parses the set and indexes its documents', async () => {
    const { json } = await readPool(SQUAD);
    const built = pool('tiny', json, null);
    expect(built.name).toBe('tiny');
    expect(built.set.documents.map((d) => d.slug)).toEqual(['black-sea', 'caspian-sea']);
    expect(built.index).toBeInstanceOf(SearchIndex);
  });
});

describe('sourceOf', () => {
  it('names where each public training file comes from', () => {
    expect(sourceOf('squad2-train-10-articles.json')).toMatch(/^SQuAD 2\.0 train/u);
    expect(sourceOf('nq-train.jsonlines#40')).toMatch(/^Natural Questions train/u);
    expect(sourceOf('squad11-train.json')).toMatch(/^SQuAD 1\.1 train/u);
    expect(sourceOf('squad-explorer-1.1-train#31-50')).toMatch(/article pages/u);
    expect(sourceOf('real-questions.json')).toMatch(/^TREC QA/u);
    expect(sourceOf('mine.json')).toBe('public question set');
  });
});
