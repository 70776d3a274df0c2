/**
 * How a fact is shown: the daily post, and the blocks /fact, /define, /timeline and /ask's
 * "Key facts" share, so a fact reads and cites the same wherever it appears.
 */
import type { Engine } from '../answer/engine.ts';
import { paragraphCitation } from '../answer/present.ts';
import type { Action, Block, Citation, ListItem, MessageReply, Span } from '../answer/reply.ts';
import { hasYear } from '../facts/dates.ts';
import type { Fact, FactKind } from '../facts/types.ts';

/** At or below this many unseen facts, the post says how many are left before repeats. */
export const FEW_LEFT = 5;

/** Discord rejects button ids over 100 characters; a button that would need one is left off. */
export const MAX_BUTTON_ID = 100;

const KIND_ORDER: readonly FactKind[] = ['date', 'figure', 'actor', 'definition'];

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

/** A button, or nothing when its id would be too long for the platform. */
export function buttonIfFits(action: Action): Action[] {
  return action.id.length <= MAX_BUTTON_ID ? [action] : [];
}

/** "Read the passage" for a fact's paragraph. */
export function readPassageButton(fact: Fact): Action[] {
  return buttonIfFits({
    id: `source:open:${fact.paragraphId}`,
    label: 'Read the passage',
    style: 'secondary',
    emoji: '📖',
  });
}

/**
 * The day's post: public, the fact, its verbatim quote and citation, how many facts are left
 * when few are, and buttons to read the passage or ask about it. Text stays plain: a document
 * saying "@everyone" is shown as text, and the adapter sends with mentions disabled.
 *
 * @example sender.send(channelId, buildDailyPost(fact, pick.remaining, engine), nonce)
 */
export function buildDailyPost(
  fact: Fact,
  remaining: number,
  engine: Pick<Engine, 'corpus' | 'facts'>,
): MessageReply {
  const blocks = factBlocks(engine, fact);
  if (remaining <= FEW_LEFT) {
    const text =
      remaining <= 0
        ? 'That was the last new fact: from the next post they start again.'
        : `${remaining} fact${remaining === 1 ? '' : 's'} left before they repeat.`;
    blocks.push({ type: 'notice', tone: 'info', text });
  }
  return {
    kind: 'message',
    visibility: 'public',
    title: 'Fact of the day',
    blocks,
    actions: [
      ...readPassageButton(fact),
      ...buttonIfFits({
        id: `ask:about:${fact.id}`,
        label: 'Ask about this',
        style: 'primary',
        emoji: '❓',
      }),
    ],
  };
}

/** Lower-cased words, for spotting the same fact said twice. */
function sameKey(fact: Fact): string {
  const norm = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, ' ')
      .trim();
  // One post per person and per event ("the summer and fall of 2022" is one event, not two).
  const value = fact.kind === 'actor' || fact.kind === 'date' ? '' : norm(fact.value);
  return `${fact.kind}|${norm(fact.subject)}|${value}`;
}

/** A fact worth posting alone: it has a quote from a paragraph we have, and a date has a year. */
function postable(engine: Pick<Engine, 'corpus'>, fact: Fact): boolean {
  if (fact.quote.trim() === '' || !engine.corpus.byId.has(fact.paragraphId)) return false;
  return fact.kind !== 'date' || (fact.date !== null && hasYear(fact.date));
}

/**
 * `count` items spread evenly over `items` (first and last included), so a capped kind still
 * covers its whole range (e.g. the whole timeline, not its first years).
 */
function spread<T>(items: readonly T[], count: number): T[] {
  if (count >= items.length) return [...items];
  if (count <= 1) return items.slice(0, count);
  const out: T[] = [];
  for (let i = 0; i < count; i++) {
    const item = items[Math.round((i * (items.length - 1)) / (count - 1))];
    if (item !== undefined) out.push(item);
  }
  return out;
}

/**
 * The facts a channel's daily post draws from: quoted facts, each said once (one per person for
 * actors), optionally only those about `topic`. The rotation picks uniformly, so kinds are kept
 * roughly even by capping each at twice the scarcest kind (at least 5): a corpus rich in dates
 * does not turn the daily fact into a daily date. The cap keeps an even spread of each kind and
 * depends only on the corpus, so the pool is stable from day to day.
 *
 * @example new DailyService({ factPool: (topic) => dailyFactPool(engine, topic), ... })
 */
export function dailyFactPool(
  engine: Pick<Engine, 'corpus' | 'facts'>,
  topic?: string | undefined,
): Fact[] {
  const candidates =
    topic !== undefined && topic.trim() !== '' ? engine.facts.search(topic) : engine.facts.all();
  const seen = new Set<string>();
  const byKind = new Map<FactKind, Fact[]>(KIND_ORDER.map((k) => [k, []]));
  const ordered =
    topic !== undefined && topic.trim() !== ''
      ? candidates
      : // store order, except dates in time order so the spread covers the whole timeline
        [...candidates.filter((f) => f.kind !== 'date'), ...engine.facts.timeline()];
  for (const f of ordered) {
    if (!postable(engine, f)) continue;
    const key = sameKey(f);
    if (seen.has(key)) continue;
    seen.add(key);
    byKind.get(f.kind)?.push(f);
  }
  const counts = [...byKind.values()].map((l) => l.length).filter((n) => n > 0);
  if (counts.length === 0) return [];
  const cap = Math.max(5, 2 * Math.min(...counts));
  // Interleave the kinds so the pool reads evenly too (the order is not used for picking).
  const lists = KIND_ORDER.map((k) => spread(byKind.get(k) ?? [], cap));
  const pool: Fact[] = [];
  for (let i = 0; i < cap; i++) {
    for (const list of lists) {
      const f = list[i];
      if (f) pool.push(f);
    }
  }
  return pool;
}
