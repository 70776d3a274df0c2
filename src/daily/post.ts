/** The day's post and the pool of facts a channel's posts draw from. */
import { buttonAction } from '../answer/buttons.ts';
import type { Engine } from '../answer/engine.ts';
import { factBlocks, readPassageButton } from '../answer/facts-render.ts';
import type { MessageReply } from '../answer/reply.ts';
import { hasYear } from '../facts/dates.ts';
import type { Fact, FactKind } from '../facts/types.ts';

/** At or below this many unseen facts, the post says how many are left before repeats. */
export const FEW_LEFT = 5;

const KIND_ORDER: readonly FactKind[] = ['date', 'figure', 'actor', 'definition'];

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
      ...buttonAction(
        { command: 'ask', action: 'about', factId: fact.id },
        { label: 'Ask about this', style: 'primary', emoji: '❓' },
      ),
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
