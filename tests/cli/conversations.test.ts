import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type EntryPoint, runScript } from '../support/scripts.ts';
import { tinySemanticsDir } from '../support/semantics.ts';

let semanticsDir: string;
let dir: string;

/** Runs a CLI as `npm run` would: word meaning from the tiny fixture, the seed corpus. */
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

const AnswerJson = z.object({
  question: z.string(),
  status: z.enum(['answered', 'not_found', 'needs_keyword']),
  passages: z.array(z.object({ id: z.string() })),
  related: z.array(z.object({ id: z.string() })),
});
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');
const rate = z.number().min(0).max(1);
const Scores = z.object({
  conversations: z.number(),
  answerable: z.number(),
  hitAt1: rate,
  hitAt3: rate,
  offTopic: z.number(),
  abstainRate: rate,
  falseAbstainRate: rate,
});

describe('follow-up contracts', () => {
  beforeAll(async () => {
    semanticsDir = await tinySemanticsDir();
    dir = await mkdtemp(join(tmpdir(), 'dossier-followups-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.concurrent('ask --stdin --json --conversations prints one Answer for each conversation’s last turn, read with the earlier ones', async () => {
    const { code, stdout, stderr } = await run(
      'src/cli/ask.ts',
      ['--stdin', '--json', '--conversations'],
      '["What did Iran supply to Russia?", "and the drones?"]\n\n["Who is the Russian president?"]\n[]\n["When?"]\n',
    );
    expect(stderr).toContain('stdin:4: expected a JSON array of one or more turns');
    expect(code).toBe(1);
    const answers = lines(stdout).map((l) => AnswerJson.parse(JSON.parse(l)));
    expect(answers.map((a) => a.question)).toEqual([
      'What did Iran supply to Russia? drones',
      'Who is the Russian president?',
      'When?',
    ]);
    expect(answers[0]?.status).toBe('answered');
  }, 120_000);

  it.concurrent('ask --conversations without --stdin is a usage error', async () => {
    const { code, stderr } = await run('src/cli/ask.ts', ['What?', '--conversations']);
    expect(code).toBe(2);
    expect(stderr).toContain('--conversations reads its conversations from --stdin');
  });

  it.concurrent('eval --followups --json reports the scores overall and per kind, with the conversation or alone', async () => {
    const file = join(dir, 'followups.jsonl');
    await writeFile(
      file,
      [
        '{"turns": ["What did Iran supply to Russia?", "When?"], "answers": ["announced this week"], "kind": "ellipsis"}',
        '{"turns": ["What are the E3 countries?", "Who is the Russian president?"], "answers": ["Vladimir Putin"], "kind": "topic-switch"}',
        '{"turns": ["Which drones did Iran sell?", "What about the submarines?"], "answers": [], "kind": "uncovered"}',
      ].join('\n'),
    );
    const reports = await Promise.all(
      [[], ['--alone']].map(async (extra) => {
        const { code, stdout } = await run('src/cli/eval.ts', [
          '--followups',
          file,
          '--json',
          ...extra,
        ]);
        expect(code).toBe(0);
        expect(lines(stdout)).toHaveLength(1);
        return Scores.extend({
          mode: z.enum(['conversation', 'alone']),
          kinds: z.record(z.string(), Scores),
        }).parse(JSON.parse(stdout));
      }),
    );
    const [withConversation, alone] = reports;
    expect(withConversation).toMatchObject({ mode: 'conversation', conversations: 3 });
    expect(alone).toMatchObject({ mode: 'alone', answerable: 2, offTopic: 1 });
    expect(Object.keys(withConversation?.kinds ?? {})).toEqual([
      'ellipsis',
      'topic-switch',
      'uncovered',
    ]);
    // "When?" alone asks for nothing; read with its conversation it finds the passage
    expect(alone?.kinds.ellipsis?.hitAt1).toBe(0);
    expect(withConversation?.kinds.ellipsis?.hitAt1).toBe(1);
    expect(withConversation?.kinds.uncovered?.abstainRate).toBe(1);
  }, 120_000);
});
