/**
 * How a fact is shown: the blocks /fact, /define, /timeline, /ask's "Key facts" and the daily post
 * share, so a fact reads and cites the same wherever it appears.
 */
import { hasYear } from '../facts/dates.ts';
import type { Fact } from '../facts/types.ts';
import { buttonAction } from './buttons.ts';
import type { Engine } from './engine.ts';
import { paragraphCitation } from './present.ts';
import type { Action, Block, Citation, ListItem, Span } from './reply.ts';

/** The citation of the paragraph a fact comes from, or undefined if the corpus no longer has it. */
export function factCitation(engine: Pick<Engine, 'corpus'>, fact: Fact): Citation | undefined {
  const paragraph = engine.corpus.byId.get(fact.paragraphId);
  const document = paragraph && engine.corpus.documents.find((d) => d.slug === paragraph.docSlug);
  return paragraph && document ? paragraphCitation(paragraph, document) : undefined;
}

/**
 * A date as a label: the document's own words, with the year added when they lack it
 * ("the summer" → "the summer (2022)"), so a timeline line stands on its own.
 */
export function dateLabel(fact: Fact): string {
  const d = fact.date;
  if (!d) return fact.value;
  const text = d.text.trim();
  return /\d{4}/u.test(text) || !hasYear(d) ? text : `${text} (${d.sortKey.slice(0, 4)})`;
}

/** A fact as a short lead and text: date → what happened; figure → what is counted; etc. */
export function factItem(fact: Fact): { label: string; text: string } {
  switch (fact.kind) {
    case 'date':
      return { label: dateLabel(fact), text: fact.subject };
    case 'figure':
      return { label: fact.value, text: fact.subject };
    case 'actor':
      return { label: fact.subject, text: fact.value };
    case 'definition':
      return { label: fact.subject, text: fact.value };
  }
}

/** One line for a fact: "February 2022: Putin’s war against Ukraine launched". */
export function factHeadline(fact: Fact): string {
  const { label, text } = factItem(fact);
  if (fact.kind === 'figure') {
    // The document's own wording when amount and thing are adjacent ("thousands of … drones").
    const i = fact.quote.indexOf(label);
    const j = i < 0 ? -1 : fact.quote.indexOf(text, i + label.length);
    if (i >= 0 && j >= 0 && j - (i + label.length) <= 4)
      return fact.quote.slice(i, j + text.length);
    return `${label} ${text}`;
  }
  if (fact.kind === 'actor') return `${label}, ${text}`;
  return `${label}: ${text}`;
}

/** A fact as a cited list item (for Key facts and "Sources differ"). */
export function factListItem(engine: Pick<Engine, 'corpus'>, fact: Fact): ListItem {
  return { ...factItem(fact), citation: factCitation(engine, fact) };
}

/** The quote with the fact's value in bold when it appears in it; the text stays verbatim. */
export function quoteSpans(fact: Fact): Span[] {
  const needle = fact.kind === 'date' ? (fact.date?.text ?? '') : fact.value;
  const at = needle.trim() === '' ? -1 : fact.quote.indexOf(needle);
  if (at < 0) return [{ text: fact.quote }];
  const spans: Span[] = [
    { text: fact.quote.slice(0, at) },
    { text: needle, bold: true },
    { text: fact.quote.slice(at + needle.length) },
  ];
  return spans.filter((s) => s.text !== '');
}

/**
 * The blocks that present one fact: the fact in a line, its quote cited to the paragraph, and,
 * when another document gives a different date or figure, both sides, each cited.
 */
export function factBlocks(engine: Pick<Engine, 'corpus' | 'facts'>, fact: Fact): Block[] {
  const blocks: Block[] = [{ type: 'text', spans: [{ text: factHeadline(fact), bold: true }] }];
  const citation = factCitation(engine, fact);
  if (citation) blocks.push({ type: 'passage', index: 1, spans: quoteSpans(fact), citation });
  else blocks.push({ type: 'text', spans: [{ text: `“${fact.quote}”`, italic: true }] });
  const others = engine.facts.conflictsFor(fact);
  if (others.length > 0) {
    blocks.push({
      type: 'notice',
      tone: 'warning',
      text: 'Sources differ: the documents give different values for this.',
    });
    blocks.push({
      type: 'list',
      title: 'Sources differ',
      items: [fact, ...others].map((f) => factListItem(engine, f)),
    });
  }
  return blocks;
}

/** "Read the passage" for a fact's paragraph (none when its id cannot be a button id). */
export function readPassageButton(fact: Fact): Action[] {
  return buttonAction(
    { command: 'source', action: 'open', paragraphId: fact.paragraphId },
    { label: 'Read the passage', style: 'secondary', emoji: '📖' },
  );
}
