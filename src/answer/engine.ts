import type { Logger } from 'pino';
import { type AcronymDefinition, learnAcronyms } from '../corpus/acronyms.ts';
import { type LoadedCorpus, loadCorpus } from '../corpus/load.ts';
import type { CorpusProblem, Paragraph } from '../corpus/types.ts';
import { FactStore, loadCuratedFacts } from '../facts/index.ts';
import { acronymGroups, loadAliases } from '../search/aliases.ts';
import type { SearchIndex } from '../search/index.ts';
import { meaningFrom } from '../search/meaning.ts';
import { loadOrSaveTermVectors } from '../search/meaning-cache.ts';
import { loadOrBuildIndex, snapshotKey } from '../search/snapshot.ts';
import type { Semantics } from '../semantics/index.ts';
import { type AskOptions, ask } from './ask.ts';
import type { Answer } from './types.ts';

/** The answering engine: the corpus, its index and what was learned from it. Platform-neutral. */
export interface Engine {
  corpus: LoadedCorpus;
  index: SearchIndex;
  acronyms: AcronymDefinition[];
  /** Dates, figures, actors and definitions, each tied to a verbatim quote (extracted lazily). */
  facts: FactStore;
  /** Problems found in documents and aliases.yaml (the rest still loaded). */
  problems: CorpusProblem[];
  indexSource: 'snapshot' | 'built';
  ask(question: string, opts?: AskOptions): Answer;
  /** The paragraphs before and after a paragraph in its document. */
  neighbours(id: string): { prev: Paragraph | null; next: Paragraph | null };
}

export interface EngineOptions {
  corpusDir: string;
  /** Where index snapshots are kept; null disables them. */
  snapshotDir: string | null;
  /** Word vectors and WordNet (src/semantics, prepared once); without them, word forms only. */
  semantics?: Semantics | null | undefined;
  /** Larger documents are reported and skipped unread; default MAX_DOCUMENT_BYTES (8 MB). */
  maxDocumentBytes?: number | undefined;
  /** Told why a snapshot was rejected and rebuilt. */
  logger?: Pick<Logger, 'warn'> | undefined;
}

/**
 * Loads the corpus and its index (from a current snapshot when there is one).
 * @example const engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: '.cache' });
 */
export async function loadEngine(opts: EngineOptions): Promise<Engine> {
  const corpus = await loadCorpus(opts.corpusDir, { maxDocumentBytes: opts.maxDocumentBytes });
  const aliases = await loadAliases(opts.corpusDir);
  const acronyms = learnAcronyms(corpus.paragraphs);
  const groups = [...aliases.groups, ...acronymGroups(acronyms)];
  const curated = loadCuratedFacts(opts.corpusDir, corpus);
  const key = snapshotKey(corpus.fingerprint, groups);
  const { index, source } = await loadOrBuildIndex(
    corpus.documents,
    groups,
    key,
    opts.snapshotDir,
    {
      logger: opts.logger,
    },
  );
  if (opts.semantics) {
    index.useMeaning(meaningFrom(opts.semantics));
    await loadOrSaveTermVectors(index.meaning, opts.snapshotDir, key);
  }
  return {
    corpus,
    index,
    acronyms,
    facts: FactStore.fromCorpus(corpus, curated.facts, { index }),
    problems: [...corpus.problems, ...aliases.problems, ...curated.problems],
    indexSource: source,
    ask: (question, askOpts) => ask(index, question, askOpts),
    neighbours: (id) => {
      const p = corpus.byId.get(id);
      if (!p) return { prev: null, next: null };
      return {
        prev: corpus.byId.get(`${p.docSlug}#p${p.n - 1}`) ?? null,
        next: corpus.byId.get(`${p.docSlug}#p${p.n + 1}`) ?? null,
      };
    },
  };
}
