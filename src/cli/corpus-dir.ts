import { valueError } from '../config/errors.ts';
import { CorpusFolderError } from '../corpus/load.ts';

/**
 * For a corpus folder taken from CORPUS_DIR: turns "the folder cannot be read" into the
 * configuration error that names the variable and the fix; any other error is returned as it is.
 * @example loadEngine(opts).catch((e) => { throw explainCorpusDir(e); })
 */
export function explainCorpusDir(error: unknown): unknown {
  return error instanceof CorpusFolderError
    ? valueError('CORPUS_DIR', `"${error.dir}" ${error.reason}`)
    : error;
}
