import { learnAcronyms } from '../corpus/acronyms.ts';
import type { Corpus, Paragraph } from '../corpus/types.ts';
import { ROLE_NOUNS } from '../language/words.ts';
import { actorsIn, isPlausibleName } from './actors.ts';
import { resolveReferences, withPlace } from './context.ts';
import { MONTH_AND_SEASON_WORDS } from './dates.ts';
import { docDefinitions } from './doc-terms.ts';
import { eventsIn } from './events.ts';
import { figuresIn } from './figures.ts';
import { termsIn } from './terms.ts';
import { analyse, sentenceOf } from './tokens.ts';
import type { Fact, FactDate, FactKind } from './types.ts';

export interface ExtractOptions {
  /** The document's `published` front matter; relative dates ("this week") stay undated without it. */
  published?: string | undefined;
  /** Analyse every sentence, not only those `mayHoldFacts` lets through (for tests of that filter). */
  everySentence?: boolean | undefined;
  /** The paragraph before this one in its document: "the two countries" may name them there. */
  previous?: Paragraph | undefined;
}

/** A fact before its id is assigned. */
type Draft = Omit<Fact, 'id'> & { offset: number };

const KIND_ORDER: Record<FactKind, number> = { date: 0, figure: 1, actor: 2, definition: 3 };

/**
 * The dates, figures, actors and worded term definitions of one paragraph (acronym definitions
 * need the whole corpus: see extractFacts). Each fact quotes the sentence it came from.
 *
 * @example extractParagraphFacts(corpus.byId.get('iran-russia-alliance#p2')!)
 *   // [{ id: 'iran-russia-alliance#p2:date:0', kind: 'date', subject: 'a large-scale armed rebellion began', ... }]
 */
export function extractParagraphFacts(paragraph: Paragraph, opts: ExtractOptions = {}): Fact[] {
  const drafts = draftsFor(paragraph, opts);
  return assignIds(dropUnlikelyPeople(drafts, () => wordsWrittenLowerCase([paragraph])));
}

/**
 * Every extracted fact of a corpus, in paragraph order, plus a definition per acronym the corpus
 * defines (from learnAcronyms). Relative dates use each document's `published`.
 *
 * @example extractFacts(await loadCorpus('corpus')).filter((f) => f.kind === 'date')
 */
export function extractFacts(corpus: Pick<Corpus, 'documents' | 'paragraphs'>): Fact[] {
  const published = new Map(corpus.documents.map((d) => [d.slug, d.meta.published]));
  const paragraphsOf = new Map<string, Paragraph[]>();
  for (const p of corpus.paragraphs) {
    const list = paragraphsOf.get(p.docSlug);
    if (list) list.push(p);
    else paragraphsOf.set(p.docSlug, [p]);
  }
  const lowerWords = new Map<string, Set<string>>();
  const lowerWordsOf = (slug: string) => {
    let set = lowerWords.get(slug);
    if (!set) {
      set = wordsWrittenLowerCase(paragraphsOf.get(slug) ?? []);
      lowerWords.set(slug, set);
    }
    return set;
  };
  const byParagraph = new Map<string, Draft[]>();
  let previous: Paragraph | undefined;
  for (const p of corpus.paragraphs) {
    // a disclaimer or an author's role is about the document, not a fact of its subject
    if (p.kind === 'note') continue;
    const prev = previous?.docSlug === p.docSlug ? previous : undefined;
    previous = p;
    const drafts = draftsFor(p, { published: published.get(p.docSlug), previous: prev });
    byParagraph.set(
      p.id,
      dropUnlikelyPeople(drafts, () => lowerWordsOf(p.docSlug)),
    );
  }
  const paragraphs = new Map(corpus.paragraphs.map((p) => [p.id, p]));
  const defined = new Set<string>();
  const acronymDrafts = new Set<Draft>();
  for (const a of learnAcronyms(corpus.paragraphs)) {
    const p = paragraphs.get(a.paragraphId);
    const list = byParagraph.get(a.paragraphId);
    if (!p || !list || !p.text.includes(a.quote)) continue;
    defined.add(a.acronym.toLowerCase());
    const draft: Draft = {
      kind: 'definition',
      subject: a.acronym,
      value: a.expansion,
      date: null,
      quote: a.quote,
      paragraphId: p.id,
      origin: 'extracted',
      offset: p.text.indexOf(a.quote),
    };
    acronymDrafts.add(draft);
    list.push(draft);
  }
  const out: Fact[] = [];
  const termSeen = new Set<string>();
  for (const p of corpus.paragraphs) {
    const drafts = (byParagraph.get(p.id) ?? []).filter((d) => {
      if (d.kind !== 'definition' || acronymDrafts.has(d)) return true;
      // an acronym's own definition, then the first worded definition in corpus order, wins
      const key = d.subject.toLowerCase();
      if (defined.has(key) || termSeen.has(key)) return false;
      termSeen.add(key);
      return true;
    });
    out.push(...assignIds(drafts));
  }
  return out;
}

/**
 * A title before capitalised common words ("General Decimal Arithmetic Specification") looks
 * like a person to the tagger. Real names are not ordinary words, so a "name" with a word the
 * same document also writes in lower case is dropped. The word set is built only when needed.
 */
function dropUnlikelyPeople(drafts: Draft[], lowerWords: () => Set<string>): Draft[] {
  if (!drafts.some((d) => d.kind === 'actor')) return drafts;
  const common = lowerWords();
  return drafts.filter((d) => d.kind !== 'actor' || isPlausibleName(d.subject, common));
}

function wordsWrittenLowerCase(paragraphs: readonly Paragraph[]): Set<string> {
  const out = new Set<string>();
  for (const p of paragraphs)
    for (const m of p.text.matchAll(/(?<![\p{L}\p{N}])\p{Ll}+(?![\p{L}\p{N}])/gu)) out.add(m[0]);
  return out;
}

function draftsFor(paragraph: Paragraph, opts: ExtractOptions): Draft[] {
  // documentation's own ways of defining (glossary lists, a heading and its description)
  const docTerms: Draft[] = docDefinitions(paragraph).map((d) => ({
    kind: 'definition',
    subject: d.subject,
    value: d.value,
    date: null,
    quote: d.quote,
    paragraphId: paragraph.id,
    origin: 'extracted',
    offset: d.offset,
  }));
  const an = analyse(paragraph, opts.everySentence ? undefined : mayHoldFacts);
  if (an.tokens.length === 0) return docTerms;
  const drafts: Draft[] = [...docTerms];
  const push = (
    kind: FactKind,
    written: string,
    value: string,
    date: FactDate | null,
    anchor: number,
  ) => {
    const quote = sentenceOf(an, anchor);
    // the invariant every caller relies on: the quote is word for word in its paragraph
    if (!quote || !paragraph.text.includes(quote)) return;
    const subject = inContext(kind, written, quote, an.tokens[anchor]?.sentence ?? 0);
    if (subject === null) return;
    // a subject with no letter ("|", "12") or an empty value is debris from markup, not a fact
    if (!/\p{L}/u.test(subject) || !/[\p{L}\p{N}]/u.test(value)) return;
    const offset = an.tokens[anchor]?.start ?? 0;
    drafts.push({
      kind,
      subject,
      value,
      date,
      quote,
      paragraphId: paragraph.id,
      origin: 'extracted',
      offset,
    });
  };
  // who "the two countries" are and where an unnamed event happened, read off the text around it
  const inContext = (kind: FactKind, subject: string, quote: string, sentence: number) => {
    if (kind !== 'date' && kind !== 'figure') return subject;
    const start = paragraph.sentences[sentence]?.start ?? 0;
    const before = (phrase: string) => {
      const at = quote.indexOf(phrase);
      return paragraph.text.slice(0, start + (at >= 0 ? at : 0));
    };
    const resolved = resolveReferences(subject, before, opts.previous?.text ?? '');
    return resolved !== null && kind === 'date' ? withPlace(resolved, quote) : resolved;
  };
  for (const e of eventsIn(an, opts)) push('date', e.subject, e.date.text, e.date, e.anchor);
  for (const f of figuresIn(an)) push('figure', f.subject, f.value, null, f.anchor);
  for (const a of actorsIn(an)) push('actor', a.subject, a.value, null, a.anchor);
  for (const t of termsIn(an)) push('definition', t.subject, t.value, null, t.anchor);
  return drafts;
}

// What each extractor needs to find anything: a digit (years, amounts), a month, season or
// relative-date word, a number word, a title, or a defining "is a" / ", a". A sentence with none of
// these cannot yield a fact, so it skips the NLP pass.
const TRIGGER = new RegExp(
  [
    '\\d',
    `\\b(?:${[...MONTH_AND_SEASON_WORDS].join('|')})\\b`,
    '\\b(?:yesterday|today|tomorrow|week|month|year)\\b',
    '\\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?|dozens?|scores?)\\b',
    `\\b(?:${[...ROLE_NOUNS].join('|')})\\b`,
    '\\b(?:is|was|are|were)\\s+an?\\b',
    ',\\s+an?\\s',
  ].join('|'),
  'iu',
);

/**
 * Cheap pre-check: false when a sentence cannot hold any fact the extractors look for.
 *
 * @example mayHoldFacts('It rained.') // false
 */
export function mayHoldFacts(sentence: string): boolean {
  return TRIGGER.test(sentence);
}

/** Ids count per paragraph and kind in text order: `doc#p3:date:0`. */
function assignIds(drafts: Draft[]): Fact[] {
  const sorted = [...drafts].sort(
    (a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || a.offset - b.offset,
  );
  const counters = new Map<string, number>();
  return sorted.map(({ offset: _offset, ...d }) => {
    const key = `${d.paragraphId}:${d.kind}`;
    const n = counters.get(key) ?? 0;
    counters.set(key, n + 1);
    return { id: `${key}:${n}`, ...d };
  });
}
