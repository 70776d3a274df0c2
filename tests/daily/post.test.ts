import { describe, expect, test } from 'vitest';
import { renderReply } from '../../src/adapters/discord/render.ts';
import { loadEngine } from '../../src/answer/engine.ts';
import type { Block } from '../../src/answer/reply.ts';
import { buildDailyPost, dailyFactPool, FEW_LEFT } from '../../src/daily/post.ts';
import { FactStore } from '../../src/facts/index.ts';
import type { Fact, FactKind } from '../../src/facts/types.ts';

const eng = await loadEngine({ corpusDir: 'corpus', snapshotDir: null });

type Passage = Extract<Block, { type: 'passage' }>;
const passageOf = (blocks: Block[]) => blocks.find((b): b is Passage => b.type === 'passage');
const notices = (blocks: Block[]) => blocks.flatMap((b) => (b.type === 'notice' ? [b.text] : []));

function firstOf(kind: FactKind): Fact {
  const f = eng.facts.byKind(kind)[0];
  if (!f) throw new Error(`no ${kind} fact in the seed corpus`);
  return f;
}

describe('buildDailyPost', () => {
  test('public, titled, the verbatim quote with its citation and two buttons', () => {
    const fact = firstOf('definition');
    const post = buildDailyPost(fact, 12, eng);
    expect(post.visibility).toBe('public');
    expect(post.title).toBe('Fact of the day');
    const passage = passageOf(post.blocks);
    expect(passage?.spans.map((s) => s.text).join('')).toBe(fact.quote);
    expect(passage?.citation.paragraphId).toBe(fact.paragraphId);
    expect(eng.corpus.byId.get(fact.paragraphId)?.text).toContain(fact.quote);
    expect(post.blocks[0]).toEqual({
      type: 'text',
      spans: [{ text: `${fact.subject}: ${fact.value}`, bold: true }],
    });
    expect(post.actions.map((a) => [a.label, a.id])).toEqual([
      ['Read the passage', `source:open:${fact.paragraphId}`],
      ['Ask about this', `ask:about:${fact.id}`],
    ]);
    expect(notices(post.blocks)).toEqual([]);
  });

  test('says how many facts are left only when few are', () => {
    const fact = firstOf('date');
    expect(notices(buildDailyPost(fact, FEW_LEFT + 1, eng).blocks)).toEqual([]);
    expect(notices(buildDailyPost(fact, FEW_LEFT, eng).blocks)).toEqual([
      `${FEW_LEFT} facts left before they repeat.`,
    ]);
    expect(notices(buildDailyPost(fact, 1, eng).blocks)).toEqual([
      '1 fact left before they repeat.',
    ]);
    expect(notices(buildDailyPost(fact, 0, eng).blocks)[0]).toContain('last new fact');
  });

  test('"@everyone" in a document stays plain text and never pings', () => {
    const paragraph = eng.corpus.paragraphs[0];
    if (!paragraph) throw new Error('empty corpus');
    const fact: Fact = {
      id: 'x#p1:figure:0',
      kind: 'figure',
      subject: 'drones for @everyone',
      value: 'hundreds',
      date: null,
      quote: 'Hey @everyone and @here: hundreds drones for @everyone <@123456789012345678>',
      paragraphId: paragraph.id,
      origin: 'curated',
    };
    const post = buildDailyPost(fact, 10, {
      corpus: eng.corpus,
      facts: FactStore.fromFacts([fact]),
    });
    expect(
      passageOf(post.blocks)
        ?.spans.map((s) => s.text)
        .join(''),
    ).toBe(fact.quote);
    expect(post.blocks[0]).toEqual({
      type: 'text',
      spans: [{ text: 'hundreds drones for @everyone', bold: true }],
    });
    const rendered = renderReply(post);
    expect(rendered.allowedMentions).toEqual({ parse: [], repliedUser: false });
  });

  test('a button id over 100 characters is left off rather than broken', () => {
    const fact = { ...firstOf('date'), id: `${'x'.repeat(120)}#p1:date:0` };
    const post = buildDailyPost(fact, 10, eng);
    expect(post.actions.map((a) => a.label)).toEqual(['Read the passage']);
  });
});

describe('dailyFactPool', () => {
  test('every kind, each fact once, quotes verbatim in their paragraphs', () => {
    const pool = dailyFactPool(eng);
    const kinds = new Map<FactKind, number>();
    for (const f of pool) kinds.set(f.kind, (kinds.get(f.kind) ?? 0) + 1);
    expect([...kinds.keys()].sort()).toEqual(['actor', 'date', 'definition', 'figure']);
    const counts = [...kinds.values()];
    expect(Math.max(...counts)).toBeLessThanOrEqual(Math.max(5, 2 * Math.min(...counts)));
    expect(new Set(pool.map((f) => f.id)).size).toBe(pool.length);
    for (const f of pool) expect(eng.corpus.byId.get(f.paragraphId)?.text).toContain(f.quote);
    // one post per person
    const actors = pool.filter((f) => f.kind === 'actor').map((f) => f.subject);
    expect(new Set(actors).size).toBe(actors.length);
    // a date without a year cannot be placed, so it is not posted
    expect(pool.every((f) => f.kind !== 'date' || /^\d{4}/.test(f.date?.sortKey ?? ''))).toBe(true);
  });

  test('a topic narrows it; the same corpus gives the same pool', () => {
    const drones = dailyFactPool(eng, 'drones');
    expect(drones.length).toBeGreaterThan(0);
    expect(drones.length).toBeLessThan(dailyFactPool(eng).length);
    for (const f of drones)
      expect(`${f.subject} ${f.value} ${f.quote}`.toLowerCase()).toMatch(/drone/);
    expect(dailyFactPool(eng).map((f) => f.id)).toEqual(dailyFactPool(eng).map((f) => f.id));
    expect(dailyFactPool(eng, 'xylophones')).toEqual([]);
  });
});
