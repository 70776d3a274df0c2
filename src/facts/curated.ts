import { isMap, isSeq, LineCounter, parseDocument, type YAMLMap } from 'yaml';
import { z } from 'zod';
import { type ConfineOptions, OutsideCorpusError, readCorpusFileSync } from '../corpus/confine.ts';
import type { Corpus, CorpusProblem } from '../corpus/types.ts';
import { parseDateParts, parseRelative, resolveRelative, toFactDate } from './dates.ts';
import { subjectKey } from './keys.ts';
import type { Fact, FactDate } from './types.ts';

export const CURATED_FILE = 'facts.yaml';

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** One editor-written fact in facts.yaml. `value` may be left out for a date (it is the date text). */
const CuratedFactSchema = z
  .strictObject({
    kind: z.enum(['date', 'figure', 'actor', 'definition']),
    subject: nonEmpty,
    value: nonEmpty.optional(),
    date: nonEmpty.optional(),
    quote: nonEmpty,
    paragraphId: z.string().regex(/^[^#\s]+#p\d+$/u, 'must look like "doc-slug#p3"'),
  })
  .superRefine((f, ctx) => {
    if (f.kind === 'date' && f.date === undefined)
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'a date fact needs a "date"' });
    if (f.kind !== 'date' && f.value === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `a ${f.kind} fact needs a "value"`,
      });
  });

export type CuratedFactInput = z.infer<typeof CuratedFactSchema>;

export interface CuratedResult {
  facts: Fact[];
  problems: CorpusProblem[];
}

/**
 * Reads `<corpusDir>/facts.yaml` (a missing file is no facts and no problems; a link leading
 * outside the corpus folder is refused) and checks every entry against the corpus: the fields,
 * the paragraph id, and that the quote is word for word in that paragraph. A bad entry is left out and reported as `facts.yaml:<line>: reason`.
 *
 * @example const { facts, problems } = loadCuratedFacts('corpus', corpus)
 */
export function loadCuratedFacts(
  corpusDir: string,
  corpus: Pick<Corpus, 'byId' | 'documents'>,
  opts: ConfineOptions = {},
): CuratedResult {
  let source: string;
  try {
    source = readCorpusFileSync(corpusDir, CURATED_FILE, opts);
  } catch (error) {
    if (isMissing(error)) return { facts: [], problems: [] };
    // a link out of the corpus folder (see corpus/confine.ts): named with its target, not read
    if (error instanceof OutsideCorpusError)
      return { facts: [], problems: [{ path: CURATED_FILE, line: 0, reason: error.reason }] };
    return {
      facts: [],
      problems: [
        problem(1, `cannot be read: ${error instanceof Error ? error.message : String(error)}`),
      ],
    };
  }
  return parseCuratedFacts(source, corpus);
}

function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

/**
 * The checks of loadCuratedFacts on YAML text already read.
 *
 * @example parseCuratedFacts('facts: []', corpus) // { facts: [], problems: [] }
 */
export function parseCuratedFacts(
  source: string,
  corpus: Pick<Corpus, 'byId' | 'documents'>,
): CuratedResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    return {
      facts: [],
      problems: doc.errors.map((e) =>
        problem(e.linePos?.[0]?.line ?? lineAt(e.pos[0]), `invalid YAML: ${firstLine(e.message)}`),
      ),
    };
  }
  const root = doc.contents;
  if (root === null) return { facts: [], problems: [] };
  if (!isMap(root))
    return {
      facts: [],
      problems: [problem(lineAt(root.range?.[0]), 'expected a mapping with a "facts:" list')],
    };
  const list = root.get('facts', true);
  if (list === undefined || list === null) return { facts: [], problems: [] };
  if (!isSeq(list))
    return { facts: [], problems: [problem(lineAt(rangeStart(list)), '"facts" must be a list')] };
  const unknownTop = root.items.filter((pair) => String(pair.key) !== 'facts');
  const problems: CorpusProblem[] = unknownTop.map((pair) =>
    problem(lineAt(rangeStart(pair.key)), `unknown top-level key "${String(pair.key)}"`),
  );

  const published = new Map(corpus.documents.map((d) => [d.slug, d.meta.published]));
  const facts: Fact[] = [];
  const counters = new Map<string, number>();
  list.items.forEach((node, i) => {
    const itemLine = lineAt(rangeStart(node));
    const fieldLine = (key: PropertyKey | undefined) => {
      if (isMap(node) && typeof key === 'string') {
        const pair = (node as YAMLMap).items.find((p) => String(p.key) === key);
        if (pair) return lineAt(rangeStart(pair.value) ?? rangeStart(pair.key));
      }
      return itemLine;
    };
    const parsed = CuratedFactSchema.safeParse(isMap(node) ? node.toJSON() : undefined);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if (issue.code === 'unrecognized_keys') {
          for (const k of issue.keys)
            problems.push(problem(fieldLine(k), `fact ${i + 1}: unknown field "${k}"`));
        } else if (issue.code === 'custom') {
          problems.push(problem(fieldLine(key), `fact ${i + 1}: ${issue.message}`));
        } else if (key === undefined) {
          problems.push(
            problem(
              itemLine,
              `fact ${i + 1}: expected a mapping with kind, subject, value, quote, paragraphId`,
            ),
          );
        } else {
          const what =
            issue.code === 'invalid_type' && !isPresent(node, String(key))
              ? 'is missing'
              : issue.message;
          problems.push(problem(fieldLine(key), `fact ${i + 1}: "${String(key)}" ${what}`));
        }
      }
      return;
    }
    const f = parsed.data;
    const paragraph = corpus.byId.get(f.paragraphId);
    if (!paragraph) {
      problems.push(
        problem(fieldLine('paragraphId'), `fact ${i + 1}: unknown paragraph id "${f.paragraphId}"`),
      );
      return;
    }
    if (!paragraph.text.includes(f.quote)) {
      const near = loose(paragraph.text).includes(loose(f.quote));
      const reason = near
        ? `quote differs from ${f.paragraphId} only in quote marks, dashes or spacing; copy it exactly`
        : `quote is not found word for word in ${f.paragraphId}`;
      problems.push(problem(fieldLine('quote'), `fact ${i + 1}: ${reason}`));
      return;
    }
    let date: FactDate | null = null;
    if (f.date !== undefined) {
      date = curatedDate(f.date, published.get(paragraph.docSlug));
      if (!date) {
        problems.push(
          problem(
            fieldLine('date'),
            `fact ${i + 1}: cannot read date "${f.date}" (write it like "1979", "March 2023", "the fall of 2022", "12 March 2021")`,
          ),
        );
        return;
      }
    }
    const counterKey = `${f.paragraphId}:${f.kind}`;
    const n = counters.get(counterKey) ?? 0;
    counters.set(counterKey, n + 1);
    facts.push({
      id: `${counterKey}:curated-${n}`,
      kind: f.kind,
      subject: f.subject,
      value: f.value ?? f.date ?? '',
      date,
      quote: f.quote,
      paragraphId: f.paragraphId,
      origin: 'curated',
    });
  });
  return {
    facts,
    problems: problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) => a.p.line - b.p.line || a.i - b.i)
      .map((x) => x.p),
  };
}

/**
 * An editor's fact replaces the extracted one it rewords: same kind and paragraph, and the same
 * subject (or the same date for a date, the same amount for a figure); a curated definition
 * replaces every extracted one of its term.
 */
export function mergeCurated(curated: readonly Fact[], extracted: Fact[]): Fact[] {
  const taken = new Set<string>();
  for (const f of curated) {
    taken.add(`${f.kind}|${f.paragraphId}|${subjectKey(f.subject)}`);
    if (f.date) taken.add(`${f.kind}|${f.paragraphId}|@${f.date.sortKey}`);
    if (f.kind === 'figure') taken.add(`${f.kind}|${f.paragraphId}|=${f.value.toLowerCase()}`);
  }
  const curatedDefs = new Set(
    curated.filter((f) => f.kind === 'definition').map((f) => f.subject.toLowerCase()),
  );
  const replaced = (f: Fact) =>
    taken.has(`${f.kind}|${f.paragraphId}|${subjectKey(f.subject)}`) ||
    (f.date !== null && taken.has(`${f.kind}|${f.paragraphId}|@${f.date.sortKey}`)) ||
    (f.kind === 'figure' && taken.has(`${f.kind}|${f.paragraphId}|=${f.value.toLowerCase()}`)) ||
    (f.kind === 'definition' && curatedDefs.has(f.subject.toLowerCase()));
  return [...curated, ...extracted.filter((f) => !replaced(f))];
}

function curatedDate(text: string, published: string | undefined): FactDate | null {
  const parts = parseDateParts(text);
  if (parts) return toFactDate(parts, text);
  const rel = parseRelative(text);
  return rel ? resolveRelative(rel, published, text) : null;
}

function isPresent(node: unknown, key: string): boolean {
  return isMap(node) && node.has(key);
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range = node.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

/** Folds typographic variants so a near miss can be told apart from a wrong quote. */
function loose(s: string): string {
  return s
    .replace(/[“”„"]/gu, '"')
    .replace(/[‘’']/gu, "'")
    .replace(/[–—-]/gu, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}

function problem(line: number, reason: string): CorpusProblem {
  return { path: CURATED_FILE, line, reason };
}
