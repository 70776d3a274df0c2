import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Document } from '../corpus/types.ts';
import { ANALYZER_VERSION } from '../language/analyzer.ts';
import type { AliasGroup } from './aliases.ts';
import { SearchIndex, SNAPSHOT_FORMAT, type Snapshot } from './index.ts';

/** The snapshot key: the corpus, the alias groups, the analyzer and the snapshot format together. */
export function snapshotKey(corpusFingerprint: string, groups: readonly AliasGroup[]): string {
  return createHash('sha256')
    .update(`${SNAPSHOT_FORMAT}:${ANALYZER_VERSION}:${corpusFingerprint}:`)
    .update(JSON.stringify(groups))
    .digest('hex')
    .slice(0, 24);
}

export interface IndexLoad {
  index: SearchIndex;
  /** 'snapshot' when a current snapshot was loaded, 'built' when the index was (re)built. */
  source: 'snapshot' | 'built';
  ms: number;
}

export interface IndexLoadOptions {
  /** Told why an existing snapshot was not used (it is then rebuilt and replaced). */
  logger?: Pick<Logger, 'warn'> | undefined;
}

/**
 * Loads the index from `<dir>/index-<key>.json` when that snapshot exists and verifies (see
 * verifySnapshot), else builds it and saves the snapshot (atomically, via a temporary file). A
 * snapshot that fails verification is logged and replaced; failing to save one only costs the
 * next start some time.
 */
export async function loadOrBuildIndex(
  documents: readonly Document[],
  groups: AliasGroup[],
  key: string,
  dir: string | null,
  options: IndexLoadOptions = {},
): Promise<IndexLoad> {
  const started = performance.now();
  const file = dir ? join(dir, `index-${key}.json`) : null;
  if (file) {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) {
      const paragraphs = documents.reduce((n, d) => n + d.paragraphs.length, 0);
      const checked = verifySnapshot(text, { key, paragraphs });
      let reason = 'reason' in checked ? checked.reason : '';
      if ('snapshot' in checked) {
        try {
          const index = SearchIndex.fromSnapshot(checked.snapshot, documents, groups);
          return { index, source: 'snapshot', ms: performance.now() - started };
        } catch (error) {
          reason = `it does not load: ${error instanceof Error ? error.message : String(error)}`;
        }
      }
      options.logger?.warn({ file, reason }, 'index snapshot rejected; rebuilding');
    }
  }
  const index = SearchIndex.build(documents, groups);
  if (file && dir) {
    try {
      await mkdir(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, serializeSnapshot(index.toSnapshot(key)));
      await rename(tmp, file);
    } catch {
      // read-only checkout or full disk: serving matters more than caching
    }
  }
  return { index, source: 'built', ms: performance.now() - started };
}

/**
 * What a snapshot file starts with, on a line of its own: a checksum of the rest (the snapshot's
 * JSON, whatever fields it has) and counts that can be checked against the corpus.
 */
const HeaderSchema = z.object({
  dossierSnapshot: z.literal(1),
  key: z.string(),
  sha256: z.string(),
  /** Length of the JSON in UTF-16 units. */
  length: z.number(),
  paragraphs: z.number(),
  /** Paragraphs whose sentence terms are blank (a paragraph of stopwords only can be). */
  blankParagraphs: z.number(),
  /** Distinct terms in the inverted index. */
  indexTerms: z.number(),
});
type Header = z.infer<typeof HeaderSchema>;

/** The snapshot file's text: a header line with a checksum and counts, then the snapshot's JSON. */
export function serializeSnapshot(snapshot: Snapshot): string {
  const json = JSON.stringify(snapshot);
  const counts = countsOf(snapshot);
  const header: Header = {
    dossierSnapshot: 1,
    key: snapshot.key,
    sha256: sha256(json),
    length: json.length,
    paragraphs: snapshot.terms.length,
    blankParagraphs: counts.blankParagraphs,
    indexTerms: counts.indexTerms,
  };
  return `${JSON.stringify(header)}\n${json}`;
}

/**
 * Checks a snapshot file's whole text before it is used: the header is for this `key` and this
 * many paragraphs, the checksum matches the JSON that follows (an edit or a cut-short write fails
 * here), and the parsed snapshot is consistent with its header and not empty: an index holding
 * every paragraph, some terms, sentence terms that are not all blank. Returns the snapshot, or
 * the reason it must be rebuilt.
 *
 * @example verifySnapshot(text, { key, paragraphs: corpus.paragraphs.length })
 */
export function verifySnapshot(
  text: string,
  expected: { key: string; paragraphs: number },
): { snapshot: Snapshot } | { reason: string } {
  const newline = text.indexOf('\n');
  const header = HeaderSchema.safeParse(parseJson(newline < 0 ? '' : text.slice(0, newline)));
  if (!header.success) return { reason: 'it has no checksum header' };
  const h = header.data;
  if (h.key !== expected.key) return { reason: 'it was made for another corpus or index version' };
  if (h.paragraphs !== expected.paragraphs)
    return { reason: `it holds ${h.paragraphs} paragraphs, the corpus has ${expected.paragraphs}` };
  const json = text.slice(newline + 1);
  if (json.length !== h.length || sha256(json) !== h.sha256)
    return { reason: 'its checksum does not match its content (edited, or cut short)' };
  const parsed = parseJson(json);
  if (!isSnapshot(parsed)) return { reason: 'it is not an index snapshot' };
  if (parsed.key !== expected.key || parsed.format !== SNAPSHOT_FORMAT)
    return { reason: 'it was made for another corpus or index version' };
  if (parsed.analyzerVersion !== ANALYZER_VERSION)
    return { reason: 'it was made by another analyzer version' };
  const counts = countsOf(parsed);
  if (parsed.terms.length !== h.paragraphs)
    return { reason: `it has terms for ${parsed.terms.length} paragraphs, not ${h.paragraphs}` };
  if (counts.documentCount !== h.paragraphs)
    return { reason: `its index holds ${counts.documentCount} paragraphs, not ${h.paragraphs}` };
  if (counts.indexTerms !== h.indexTerms || (h.paragraphs > 0 && counts.indexTerms === 0))
    return { reason: `its index has ${counts.indexTerms} terms, not ${h.indexTerms}` };
  if (
    counts.blankParagraphs !== h.blankParagraphs ||
    (h.paragraphs > 0 && counts.blankParagraphs === h.paragraphs)
  )
    return { reason: 'its sentence terms are blank' };
  if (parsed.counts.some(([, n]) => n > h.paragraphs))
    return { reason: `it counts a term in more than its ${h.paragraphs} paragraphs` };
  return { snapshot: parsed };
}

/** Counts read off the snapshot's term index and sentence terms (no re-analysis). */
function countsOf(snapshot: Snapshot): {
  documentCount: number;
  indexTerms: number;
  blankParagraphs: number;
} {
  let blankParagraphs = 0;
  for (const t of snapshot.terms) if (!/[^\s]/u.test(t)) blankParagraphs++;
  return {
    documentCount: snapshot.index.documentCount,
    indexTerms: snapshot.index.index.length,
    blankParagraphs,
  };
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isString = (x: unknown): x is string => typeof x === 'string';
const isNumber = (x: unknown): x is number => typeof x === 'number';
const isCount = (x: unknown): boolean => Number.isInteger(x) && (x as number) > 0;
/** An array whose every item passes `item`. */
const arrayOf = (v: unknown, item: (x: unknown) => boolean): boolean =>
  Array.isArray(v) && v.every(item);
/** A two-item array whose items pass `first` and `second`. */
const pairOf =
  (first: (x: unknown) => boolean, second: (x: unknown) => boolean) =>
  (v: unknown): boolean =>
    Array.isArray(v) && v.length === 2 && first(v[0]) && second(v[1]);

function isSnapshot(v: unknown): v is Snapshot {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    isString(o.key) &&
    isNumber(o.format) &&
    isNumber(o.analyzerVersion) &&
    isPackedIndex(o.index) &&
    arrayOf(o.terms, isString) &&
    arrayOf(o.surfaces, isString) &&
    arrayOf(o.counts, pairOf(isString, isCount))
  );
}

/** The term index's shape (ParagraphMiniSearch.toPacked), down to each term's pair of strings. */
function isPackedIndex(v: unknown): v is Snapshot['index'] {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    isNumber(o.documentCount) &&
    typeof o.fieldIds === 'object' &&
    o.fieldIds !== null &&
    Object.values(o.fieldIds).every(isNumber) &&
    arrayOf(o.averageFieldLength, isNumber) &&
    arrayOf(o.fieldLength, isNumber) &&
    arrayOf(o.index, pairOf(isString, isString))
  );
}
