import { parseArgs } from 'node:util';
import { loadConfig } from '../config.ts';
import { learnAcronyms } from '../corpus/acronyms.ts';
import { loadCorpus } from '../corpus/load.ts';
import { type CorpusProblem, formatProblem } from '../corpus/types.ts';
import { loadAliases } from '../search/aliases.ts';
import { explainCorpusDir } from './corpus-dir.ts';
import { runCli } from './run.ts';

/**
 * Validates the corpus like code: front matter, empty or binary files, duplicate slugs, symbolic
 * links that lead outside the folder (each named with its target, unless CORPUS_FOLLOW_OUTSIDE),
 * aliases.yaml and (when the facts module is present) curated facts. Prints `path:line: reason`
 * for each problem and exits non-zero if there is any. Notes (front matter keys a site generator
 * uses and Dossier ignores, include directives skipped) are printed as `path:line: note: …` and
 * never fail it.
 */
async function main(): Promise<number> {
  const { values } = parseArgs({ options: { corpus: { type: 'string' } } });
  const config = loadConfig();
  const dir = values.corpus ?? config.CORPUS_DIR;
  const follow = { followOutside: config.CORPUS_FOLLOW_OUTSIDE };
  const corpus = await loadCorpus(dir, {
    maxDocumentBytes: config.MAX_DOCUMENT_MB * 1048576,
    ...follow,
  }).catch((error: unknown) => {
    throw values.corpus === undefined ? explainCorpusDir(error) : error;
  });
  const aliases = await loadAliases(dir, follow);
  const problems: CorpusProblem[] = [...corpus.problems, ...aliases.problems];
  problems.push(...(await curatedFactProblems(dir, corpus, follow)));
  for (const p of problems) console.error(`${dir}/${formatProblem(p)}`);
  // notes (front matter keys ignored, include directives skipped) inform; they never fail the check
  const notes = corpus.documents.flatMap((d) =>
    (d.notes ?? []).map((n) => ({ path: d.path, line: n.line, reason: `note: ${n.reason}` })),
  );
  for (const n of notes) console.log(`${dir}/${formatProblem(n)}`);
  const acronyms = learnAcronyms(corpus.paragraphs).length;
  const passages = corpus.documents.filter((d) => d.passages === 'sections').length;
  const extra = [
    passages > 0 ? `${passages} read as documentation, by section` : '',
    notes.length > 0 ? `${notes.length} note${notes.length === 1 ? '' : 's'}` : '',
  ].filter(Boolean);
  console.log(
    `${corpus.documents.length} documents, ${corpus.paragraphs.length} paragraphs, ${acronyms} acronyms learned; ${problems.length} problem${problems.length === 1 ? '' : 's'}${extra.length > 0 ? ` (${extra.join('; ')})` : ''}`,
  );
  return problems.length === 0 ? 0 : 1;
}

async function curatedFactProblems(
  dir: string,
  corpus: Awaited<ReturnType<typeof loadCorpus>>,
  follow: { followOutside: boolean },
): Promise<CorpusProblem[]> {
  const { loadCuratedFacts } = await import('../facts/curated.ts');
  return loadCuratedFacts(dir, corpus, follow).problems;
}

runCli(main);
