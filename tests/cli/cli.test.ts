import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseShortModel, SHORT_FEATURES } from '../../src/answer/short-model.ts';
import { CHAT_WRAPPERS } from '../../src/eval/chat.ts';
import { RANK_FEATURES } from '../../src/search/rank-features.ts';
import { page } from '../eval/explorer-page.ts';
import { type EntryPoint, runScript } from '../support/scripts.ts';
import { tinySemanticsDir } from '../support/semantics.ts';

let semanticsDir: string;

/**
 * Runs a CLI script from the repo root, as `npm run` would, with an optional stdin: word meaning
 * from the tiny fixture (never the checkout's .cache/semantics, which a fresh clone does not
 * have), no snapshots, the seed corpus whatever a developer's .env says.
 */
function run(script: EntryPoint, args: string[], input?: string) {
  return runScript(script, args, {
    env: {
      ...process.env,
      SNAPSHOT_DIR: 'off',
      SEMANTICS_DIR: semanticsDir,
      CORPUS_DIR: 'corpus',
      LOG_LEVEL: 'silent',
    },
    ...(input === undefined ? {} : { input }),
  });
}

const Sentence = z.strictObject({ text: z.string(), start: z.number(), end: z.number() });
const Passage = z.object({
  id: z.string().regex(/^[a-z0-9-]+#p\d+$/u),
  documentTitle: z.string().min(1),
  section: z.string().nullable(),
  text: z.string().min(1),
  sentence: Sentence,
});
const AnswerJson = z.object({
  question: z.string(),
  status: z.enum(['answered', 'not_found', 'needs_keyword']),
  missingTerms: z.array(z.string()),
  passages: z.array(Passage),
  related: z.array(Passage),
  truncated: z.boolean(),
});

const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

describe('CLI contracts', () => {
  let dir: string;
  beforeAll(async () => {
    semanticsDir = await tinySemanticsDir();
    dir = await mkdtemp(join(tmpdir(), 'dossier-cli-'));
    await writeFile(join(dir, 'good.md'), '---\ntitle: Good\n---\nA good paragraph of text.\n');
    await writeFile(join(dir, 'broken.md'), '---\ntitle: A\ntitle: B\n---\nBody text.\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.concurrent('ask --json prints one line of JSON with the answer', async () => {
    const { code, stdout } = await run('src/cli/ask.ts', ['What is an SRBM?', '--json']);
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(1);
    const answer = AnswerJson.parse(JSON.parse(stdout));
    expect(answer.status).toBe('answered');
    expect(answer.missingTerms).toEqual([]);
    expect(answer.passages[0]?.id).toBe('going-ballistic#p1');
    expect(answer.passages[0]?.sentence.text).toContain('SRBM');
  }, 120_000);

  it.concurrent('ask --stdin --json prints one line per question', async () => {
    const { code, stdout } = await run(
      'src/cli/ask.ts',
      ['--stdin', '--json'],
      'What does UAS stand for?\n\nWhat is the GDP of Japan?\n',
    );
    expect(code).toBe(0);
    const answers = lines(stdout).map((l) => AnswerJson.parse(JSON.parse(l)));
    expect(answers.map((a) => [a.question, a.status])).toEqual([
      ['What does UAS stand for?', 'answered'],
      ['What is the GDP of Japan?', 'not_found'],
    ]);
    expect(answers[1]?.missingTerms).toEqual(expect.arrayContaining(['GDP', 'Japan']));
  }, 120_000);

  it.concurrent('eval --questions --json prints one line with the report keys', async () => {
    const { code, stdout } = await run('src/cli/eval.ts', [
      '--questions',
      'tests/fixtures/questions.jsonl',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(1);
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(
      [
        'questions',
        'answerable',
        'hitAt1',
        'hitAt3',
        'mrr',
        'offTopic',
        'abstainRate',
        'falseAbstainRate',
      ].sort(),
    );
    expect(report).toMatchObject({ questions: 3, answerable: 2, offTopic: 1, abstainRate: 1 });
    for (const v of Object.values(report)) expect(typeof v).toBe('number');
  }, 120_000);

  it.concurrent('eval --questions --chat --json prints the report as written and per chat habit', async () => {
    const { code, stdout } = await run('src/cli/eval.ts', [
      '--questions',
      'tests/fixtures/questions.jsonl',
      '--chat',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { plain: object; wrapped: Record<string, object> };
    expect(report.plain).toMatchObject({ questions: 3, answerable: 2, offTopic: 1 });
    expect(Object.keys(report.wrapped)).toEqual(CHAT_WRAPPERS.map((w) => w.name));
    for (const r of Object.values(report.wrapped)) expect(r).toMatchObject({ questions: 3 });
  }, 120_000);

  it.concurrent('eval --squad --json prints our scores and the baselines', async () => {
    const { code, stdout } = await run('src/cli/eval.ts', [
      '--squad',
      'tests/fixtures/squad-tiny.json',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(lines(stdout)).toHaveLength(1);
    const rate = z.number().min(0).max(1);
    const report = z
      .object({
        paragraphs: z.literal(4),
        questions: z.literal(6),
        recallAt1: rate,
        recallAt3: rate,
        mrr: rate,
        sentenceHitAt1: rate,
        baselines: z.object({
          minisearchDefault: z.object({ recallAt1: rate }),
          lunr: z.object({ recallAt1: rate }),
          winkBm25: z.object({ recallAt1: rate }),
        }),
      })
      .parse(JSON.parse(stdout));
    expect(report.recallAt3).toBeGreaterThanOrEqual(report.recallAt1);
  }, 120_000);

  it.concurrent('eval --squad reads WikiQA’s own .tsv, its unanswered questions as near misses', async () => {
    const { code, stdout } = await run('src/cli/eval.ts', [
      '--squad',
      'tests/fixtures/wikiqa-tiny.tsv',
      '--json',
    ]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      paragraphs: 3,
      questions: 3,
      unanswerable: { questions: 1 },
    });
  }, 120_000);

  it.concurrent('eval --squad --importance --json prints each ranking feature’s loss', async () => {
    const { code, stdout } = await run('src/cli/eval.ts', [
      '--squad',
      'tests/fixtures/squad-tiny.json',
      '--importance',
      '--json',
    ]);
    expect(code).toBe(0);
    const report = z
      .strictObject({
        questions: z.literal(6),
        recallAt1: z.number().min(0).max(1),
        loss: z.record(z.string(), z.number().min(-1).max(1)),
      })
      .parse(JSON.parse(stdout));
    expect(Object.keys(report.loss).sort()).toEqual([...RANK_FEATURES].sort());
  }, 120_000);

  /** A fit on the tiny SQuAD fixture, 2 folds, 2 trees, one feature held out. */
  const tinyFit = (model: string, drop: string, out: string) => [
    model,
    '--squad',
    'tests/fixtures/squad-tiny.json',
    '--folds',
    '2',
    '--trees',
    '2',
    '--drop',
    drop,
    '--out',
    out,
  ];

  it.concurrent('fit rank --drop holds a feature out of the fit (weight 0, named in the provenance)', async () => {
    const out = join(dir, 'rank-drop.json');
    const { code, stderr } = await run('src/cli/fit.ts', tinyFit('rank', 'phrase', out));
    expect(stderr).toContain('fit: wrote');
    expect(code).toBe(0);
    const model = z
      .object({
        features: z.array(z.string()),
        weights: z.array(z.number()),
        provenance: z.object({ method: z.string() }),
      })
      .parse(JSON.parse(await readFile(out, 'utf8')));
    expect(model.weights[model.features.indexOf('phrase')]).toBe(0);
    expect(model.provenance.method).toContain('held out: phrase');
    const bad = await run('src/cli/fit.ts', tinyFit('rank', 'nope', out));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('fit: --drop nope: not a ranking feature');
  }, 120_000);

  it.concurrent('fit short writes a short-answer model the engine accepts, calibrated, a dropped feature at 0', async () => {
    const out = join(dir, 'short.json');
    const { code, stdout, stderr } = await run('src/cli/fit.ts', tinyFit('short', 'cut', out));
    expect(stderr).toContain('fit: wrote');
    expect(code).toBe(0);
    const model = parseShortModel(JSON.parse(await readFile(out, 'utf8')));
    expect(model.weights[SHORT_FEATURES.indexOf('cut')]).toBe(0);
    expect(model.provenance.method).toContain('held out: cut');
    expect(model.calibration[0]).toEqual([0, 0]);
    expect(JSON.parse(stdout)).toMatchObject({ folds: 2, by: 'article' });
    const bad = await run('src/cli/fit.ts', tinyFit('short', 'nope', out));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('fit: --drop nope: not a short-answer feature');
  }, 120_000);

  it.concurrent('fit reads a folder of SQuAD-explorer pages as a set, its first N with #N', async () => {
    // its own folder: `dir` is also the corpus the corpus-check tests read
    const root = await mkdtemp(join(tmpdir(), 'dossier-explorer-'));
    const pages = join(root, 'explore', '1.1', 'train');
    await mkdir(pages, { recursive: true });
    const towns = ['Alton', 'Brill', 'Cobham', 'Dorking'];
    for (const [i, town] of towns.entries())
      await writeFile(
        join(pages, `${town}.html`),
        page(town, [
          [
            `${town} was founded in ${1800 + i} by Maria Lopez. It lies in Kent.`,
            [
              [`When was ${town} founded?`, [`${1800 + i}`]],
              [`Who founded ${town}?`, ['Maria Lopez']],
              [`Where does ${town} lie?`, ['Kent']],
            ],
          ],
        ]),
      );
    const out = join(dir, 'short-explorer.json');
    const args = ['short', '--squad', `${pages}#3`, '--folds', '2', '--trees', '2', '--out', out];
    const { code, stderr } = await run('src/cli/fit.ts', args);
    expect(stderr).toContain('fit: wrote');
    expect(code).toBe(0);
    const model = parseShortModel(JSON.parse(await readFile(out, 'utf8')));
    expect(model.provenance.data).toEqual([
      {
        file: 'squad-explorer-1.1-train#3',
        source: expect.stringContaining("SQuAD-explorer's article pages"),
        examples: 9,
      },
    ]);
    await rm(root, { recursive: true, force: true });
  }, 120_000);

  it.concurrent('corpus-check reports a broken file as path:line: reason and fails', async () => {
    const { code, stdout, stderr } = await run('src/cli/corpus-check.ts', ['--corpus', dir]);
    expect(code).toBe(1);
    expect(stderr).toContain(`${dir}/broken.md:3: bad YAML in front matter: DUPLICATE_KEY`);
    expect(stdout).toContain('1 documents, 1 paragraphs');
    expect(stdout).toContain('1 problem');
  }, 120_000);

  it.concurrent('corpus-check passes the seed corpus', async () => {
    const { code, stdout, stderr } = await run('src/cli/corpus-check.ts', []);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^2 documents, 23 paragraphs, 4 acronyms learned; 0 problems$/mu);
  }, 120_000);
});
