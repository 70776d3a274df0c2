/**
 * What a corpus reload costs: the time to build a new engine and, above all, how long it blocks
 * the event loop that answers interactions and heartbeats the gateway, built in place (the
 * serving thread) and in a worker thread (what the bot does).
 *
 *   npm run --silent bench:reload -- [--corpus DIR | --pydoc] [--rounds N] [--json]
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEngine } from '../src/answer/engine.ts';
import { runCli } from '../src/cli/run.ts';
import { round } from '../src/eval/match.ts';
import { buildEngineInWorker } from '../src/reload/build-in-worker.ts';

const USAGE =
  'usage: npm run --silent bench:reload -- [--corpus DIR | --pydoc] [--rounds N] [--json]';

/** Runs `work` while a 5 ms timer watches the event loop; the longest gap is the worst block. */
async function blocking<T>(
  work: () => Promise<T>,
): Promise<{ result: T; ms: number; maxBlockMs: number }> {
  let last = performance.now();
  let maxGap = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 5);
  const started = performance.now();
  const result = await work();
  const ms = performance.now() - started;
  // a block at the very end is only seen by the next tick
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(probe);
  return { result, ms, maxBlockMs: Math.max(0, maxGap - 5) };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      corpus: { type: 'string' },
      pydoc: { type: 'boolean', default: false },
      rounds: { type: 'string', default: '3' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.error(USAGE);
    return 0;
  }
  let corpusDir = values.corpus ?? 'corpus';
  if (values.pydoc) {
    const { loadPydocCorpus } = await import('./pydoc.ts');
    await loadPydocCorpus({ progress: true });
    corpusDir = join('.cache', 'pydoc', 'root', 'usr', 'share', 'doc', 'python3.11', 'html');
  }
  const rounds = Math.max(1, Number(values.rounds));
  const options = { corpusDir, snapshotDir: null, semanticsDir: null, idsDatabase: null };
  const rows: { how: string; ms: number; maxBlockMs: number; paragraphs: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const inPlace = await blocking(async () => {
      const engine = await loadEngine(options);
      engine.facts.all();
      return engine;
    });
    rows.push({
      how: 'in place',
      ms: inPlace.ms,
      maxBlockMs: inPlace.maxBlockMs,
      paragraphs: inPlace.result.corpus.paragraphs.length,
    });
    const worker = await blocking(() => buildEngineInWorker(options));
    rows.push({
      how: 'worker',
      ms: worker.ms,
      maxBlockMs: worker.maxBlockMs,
      paragraphs: worker.result.corpus.paragraphs.length,
    });
  }
  const summary = ['in place', 'worker'].map((how) => {
    const mine = rows.filter((r) => r.how === how);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    return {
      how,
      paragraphs: mine[0]?.paragraphs ?? 0,
      buildMs: round(median(mine.map((r) => r.ms)), 0),
      maxBlockMs: round(Math.max(...mine.map((r) => r.maxBlockMs)), 0),
    };
  });
  if (values.json) console.log(JSON.stringify({ corpus: corpusDir, rounds, summary }, null, 2));
  else {
    console.log(
      `reload of ${corpusDir} (${summary[0]?.paragraphs} paragraphs), ${rounds} round(s):`,
    );
    for (const s of summary)
      console.log(
        `  ${s.how.padEnd(9)} build ${s.buildMs} ms (median), event loop blocked ≤ ${s.maxBlockMs} ms`,
      );
  }
  return 0;
}

runCli(main, 'bench:reload');
