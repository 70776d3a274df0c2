/**
 * The tiny word-meaning fixture (tests/semantics/fixtures: 45 hand-made 8-dimension vectors and a
 * hand-written WordNet excerpt), prepared through the real pipeline into a temporary directory.
 * Tests never need the 300 MB vectors package.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadSemantics, prepareSemantics, type Semantics } from '../../src/semantics/index.ts';

const FIXTURES = join(import.meta.dirname, '..', 'semantics', 'fixtures');

let preparedDir: Promise<string> | undefined;
let prepared: Promise<Semantics> | undefined;

/**
 * A temporary SEMANTICS_DIR holding the tiny fixture, prepared once per test file (a few
 * milliseconds), under the names the real packages' files have: a child process given it as
 * SEMANTICS_DIR finds both files present and prepares nothing. It is made inside the global
 * setup's temporary folder (`inject('bundleDir')`), which the setup removes when the run ends.
 */
export function tinySemanticsDir(): Promise<string> {
  preparedDir ??= (async () => {
    const dir = await mkdtemp(join(runFolder(), 'dossier-tiny-semantics-'));
    await prepareSemantics(dir, {
      vectorsFile: join(FIXTURES, 'tiny-embeddings.json'),
      vectorsSourceName: 'tiny@1',
      dictDir: join(FIXTURES, 'wordnet'),
    });
    return dir;
  })();
  return preparedDir;
}

/** The run's temporary folder, removed at its end; the system's without the global setup. */
function runFolder(): string {
  try {
    return inject('bundleDir') || tmpdir();
  } catch {
    return tmpdir();
  }
}

/** The tiny fixture, loaded (prepared once per test file). */
export function tinySemantics(): Promise<Semantics> {
  prepared ??= (async () => {
    const semantics = loadSemantics(await tinySemanticsDir());
    if (!semantics.vectors || !semantics.lexicon) throw new Error('tiny semantics did not prepare');
    return semantics;
  })();
  return prepared;
}
