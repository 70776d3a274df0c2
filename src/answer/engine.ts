import type { Logger } from 'pino';
import { type AcronymDefinition, learnAcronyms } from '../corpus/acronyms.ts';
import { type LoadedCorpus, loadCorpus } from '../corpus/load.ts';
import type { CorpusProblem, Document, Paragraph } from '../corpus/types.ts';
import { type ExportedFacts, FactStore, loadCuratedFacts } from '../facts/index.ts';
import { lexiconTags } from '../language/qualifiers.ts';
import { type AliasGroup, acronymGroups, loadAliases } from '../search/aliases.ts';
import { SearchIndex, type Snapshot } from '../search/index.ts';
import { loadOrSaveTermVectors } from '../search/meaning-cache.ts';
import { meaningFrom } from '../search/meaning-sources.ts';
import { loadOrBuildIndex, snapshotKey } from '../search/snapshot.ts';
import type { Semantics } from '../semantics/index.ts';
import { type AskOptions, ask } from './ask.ts';
import { decisionModel } from './decision.ts';
import { agreeWithKeyFacts } from './key-facts.ts';
import { shortModel } from './short-model.ts';
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

/**
 * Where the engine of the moment is read. A corpus reload swaps it; an interaction reads it once
 * at its start and keeps that engine to its end, so no reply mixes two indexes.
 */
export interface EngineSource {
  current(): Engine;
}

/** An engine that never changes (tests, the CLI). */
export function fixedEngine(engine: Engine): EngineSource {
  return { current: () => engine };
}

/** The engine itself, or a source to read it from at the start of each use. */
export function engineSource(engine: Engine | EngineSource): EngineSource {
  return 'current' in engine ? engine : fixedEngine(engine);
}

/** Stable paragraph ids (src/corpus/stable-ids.ts; the database's ParagraphIdLedger implements it). */
export interface ParagraphIds {
  /** Async when the ledger lives in a database server (PostgreSQL). */
  assign(documents: readonly Document[]): Document[] | Promise<Document[]>;
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
  /** Keeps paragraph ids stable across edits; without it ids are positional. */
  ids?: ParagraphIds | undefined;
  /** Read links that lead outside `corpusDir` (CORPUS_FOLLOW_OUTSIDE); default false. */
  corpusFollowOutside?: boolean | undefined;
  /** The lowest probability answered (ANSWER_THRESHOLD); default the decision model's. */
  answerThreshold?: number | undefined;
  /** The lowest probability of a right short answer shown (SHORT_ANSWER_THRESHOLD); default
   * SHORT_ANSWER_MIN. */
  shortThreshold?: number | undefined;
}

/**
 * Loads the corpus and its index (from a current snapshot when there is one).
 * @example const engine = await loadEngine({ corpusDir: 'corpus', snapshotDir: '.cache' });
 */
export async function loadEngine(opts: EngineOptions): Promise<Engine> {
  const follow = { followOutside: opts.corpusFollowOutside === true };
  const loaded = await loadCorpus(opts.corpusDir, {
    maxDocumentBytes: opts.maxDocumentBytes,
    ...follow,
  });
  const corpus = opts.ids ? withDocuments(loaded, await opts.ids.assign(loaded.documents)) : loaded;
  const aliases = await loadAliases(opts.corpusDir, follow);
  const acronyms = learnAcronyms(corpus.paragraphs);
  const groups = [...aliases.groups, ...acronymGroups(acronyms)];
  const curated = loadCuratedFacts(opts.corpusDir, corpus, follow);
  const key = snapshotKey(corpus.fingerprint, groups);
  const { index, source } = await loadOrBuildIndex(
    corpus.documents,
    groups,
    key,
    opts.snapshotDir,
    { logger: opts.logger },
  );
  await giveMeaning(index, opts, key);
  return assemble({
    corpus,
    index,
    acronyms,
    facts: FactStore.fromCorpus(corpus, curated.facts, { index }),
    problems: [...corpus.problems, ...aliases.problems, ...curated.problems],
    indexSource: source,
    answerThreshold: opts.answerThreshold,
    shortThreshold: opts.shortThreshold,
  });
}

async function giveMeaning(
  index: SearchIndex,
  opts: Pick<EngineOptions, 'semantics' | 'snapshotDir'>,
  key: string,
): Promise<void> {
  // the speller's index, in slices: a reload builds this engine on the thread that serves
  await index.prepareSpelling();
  if (!opts.semantics) return;
  index.useMeaning(meaningFrom(opts.semantics));
  await loadOrSaveTermVectors(index.meaning, opts.snapshotDir, key);
}

/**
 * An engine as plain data (structured-cloneable), so one built in a worker thread can be moved to
 * the thread that serves: the index as its snapshot, the facts already extracted.
 */
export interface EngineParts {
  corpus: Omit<LoadedCorpus, 'paragraphs' | 'byId'>;
  groups: AliasGroup[];
  /** The snapshot key (also names the saved word-meaning file). */
  key: string;
  snapshot: Snapshot;
  acronyms: AcronymDefinition[];
  facts: ExportedFacts;
  problems: CorpusProblem[];
  indexSource: Engine['indexSource'];
}

/** The parts of an engine, extracting its facts first (the expensive part, done where it runs). */
export function engineParts(engine: Engine): EngineParts {
  const { dir, documents, problems, fingerprint } = engine.corpus;
  const groups = engine.index.groups;
  const key = snapshotKey(fingerprint, groups);
  return {
    corpus: { dir, documents, problems, fingerprint },
    groups,
    key,
    snapshot: engine.index.toSnapshot(key),
    acronyms: engine.acronyms,
    facts: engine.facts.exportFacts(),
    problems: engine.problems,
    indexSource: engine.indexSource,
  };
}

/**
 * The engine again from its parts: no parsing, extraction or indexing, only loading, in slices
 * that yield to the event loop. `opts` gives word meaning as loadEngine would (the resources are
 * not moved between threads: each thread loads its own).
 */
export async function engineFromParts(
  parts: EngineParts,
  opts: Pick<EngineOptions, 'semantics' | 'snapshotDir' | 'answerThreshold' | 'shortThreshold'> = {
    snapshotDir: null,
  },
): Promise<Engine> {
  const corpus = withDocuments(
    { ...parts.corpus, paragraphs: [], byId: new Map() },
    parts.corpus.documents,
  );
  const index = await SearchIndex.fromSnapshotAsync(parts.snapshot, corpus.documents, parts.groups);
  await giveMeaning(index, opts, parts.key);
  return assemble({
    corpus,
    index,
    acronyms: parts.acronyms,
    facts: FactStore.fromExport(parts.facts, { index }),
    problems: parts.problems,
    indexSource: parts.indexSource,
    answerThreshold: opts.answerThreshold,
    shortThreshold: opts.shortThreshold,
  });
}

function withDocuments(corpus: LoadedCorpus, documents: Document[]): LoadedCorpus {
  const paragraphs = documents.flatMap((d) => d.paragraphs);
  return { ...corpus, documents, paragraphs, byId: new Map(paragraphs.map((p) => [p.id, p])) };
}

function assemble(
  all: Omit<Engine, 'ask' | 'neighbours'> & {
    answerThreshold?: number | undefined;
    shortThreshold?: number | undefined;
  },
): Engine {
  const { answerThreshold, shortThreshold, ...parts } = all;
  const { corpus, index } = parts;
  // the models are checked here, at start: one that does not fit the code stops with the reason
  decisionModel();
  shortModel();
  // and the word list the short answer reads superlatives from is loaded, not on a first question
  lexiconTags();
  const bySlug = new Map(corpus.documents.map((d) => [d.slug, d]));
  return {
    ...parts,
    // the bold answer never contradicts the key facts listed under it
    ask: (question, askOpts) =>
      agreeWithKeyFacts(
        parts,
        question,
        ask(index, question, { answerThreshold, shortThreshold, ...askOpts }),
      ),
    neighbours: (id) => {
      const p = corpus.byId.get(id);
      const siblings = p ? bySlug.get(p.docSlug)?.paragraphs : undefined;
      // `n` is the position in the document (ids may not be: they stay with their text)
      if (!p || !siblings) return { prev: null, next: null };
      const at = siblings[p.n - 1] === p ? p.n - 1 : siblings.indexOf(p);
      return { prev: siblings[at - 1] ?? null, next: siblings[at + 1] ?? null };
    },
  };
}
