import { afterEach, describe, expect, test, vi } from 'vitest';
import { fact, factReply } from '../../commands/fact.ts';
import type { Block } from '../../src/answer/reply.ts';
import { FactStore } from '../../src/facts/index.ts';
import type { Fact } from '../../src/facts/types.ts';
import { allText, asError, asMessage, context, engine, listBlock, press } from './helpers.ts';

const eng = await engine();

type Passage = Extract<Block, { type: 'passage' }>;
const passages = (blocks: Block[]) => blocks.filter((b): b is Passage => b.type === 'passage');

/** Seeded values in [0, 1) so every run checks the same spread of facts. */
const rngs = [0, 0.13, 0.27, 0.41, 0.55, 0.69, 0.83, 0.97].map((v) => () => v);

/** The fact a reply shows, as it is shown (two facts may share a quote). */
const shownFact = (reply: ReturnType<typeof factReply>) => JSON.stringify(asMessage(reply).blocks);
const anotherId = (reply: ReturnType<typeof factReply>) =>
  asMessage(reply).actions.find((a) => a.label === 'Another fact')?.id ?? '';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('"Another fact"', () => {
  // The same draw that picked the fact shown would pick it again: the button must skip it.
  for (const topic of [undefined, 'drones', 'Russia']) {
    test(`never shows the fact just shown again (${topic ?? 'random'})`, async () => {
      if (topic !== undefined)
        expect(eng.facts.search(topic, { limit: 5 }).length).toBeGreaterThan(1);
      for (const r of [0, 0.13, 0.27, 0.41, 0.55, 0.69, 0.83, 0.97]) {
        vi.spyOn(Math, 'random').mockReturnValue(r);
        const shown = factReply(context(eng), topic);
        const pressed = await press(fact, context(eng), anotherId(shown));
        expect(pressed?.mode).toBe('reply');
        const next = pressed?.reply ?? { kind: 'error' as const, text: 'none' };
        expect(shownFact(next)).not.toBe(shownFact(shown));
        // and the chain goes on: the next button skips the next fact
        const again = await press(fact, context(eng), anotherId(next));
        expect(shownFact(again?.reply ?? next)).not.toBe(shownFact(next));
      }
    });
  }

  test('a topic with one fact shows it again rather than nothing', async () => {
    const only: Fact = {
      id: 'going-ballistic#p2:figure:0',
      kind: 'figure',
      subject: 'short range ballistic missiles',
      value: 'several hundred',
      date: null,
      quote: 'several hundred short range ballistic missiles',
      paragraphId: 'going-ballistic#p2',
      origin: 'curated',
    };
    const ctx = context({ ...eng, facts: FactStore.fromFacts([only]) });
    const shown = factReply(ctx, 'ballistic missiles', () => 0);
    const next = await press(fact, ctx, anotherId(shown));
    expect(allText(next?.reply ?? shown)).toContain('several hundred');
  });

  test('a button from before (no fact to skip) still works', async () => {
    const result = await press(fact, context(eng), 'fact:drones');
    expect(asMessage(result?.reply ?? { kind: 'error', text: 'none' }).title).toBe(
      'A fact about drones',
    );
  });
});

describe('/fact', () => {
  test('without a topic: the quote is verbatim in the cited paragraph', () => {
    for (const rng of rngs) {
      const reply = asMessage(factReply(context(eng), undefined, rng));
      const [passage] = passages(reply.blocks);
      expect(passage).toBeDefined();
      if (!passage) continue;
      const quote = passage.spans.map((s) => s.text).join('');
      const paragraph = eng.corpus.byId.get(passage.citation.paragraphId);
      expect(paragraph?.text).toContain(quote);
      const picked = eng.facts.all().find((f) => f.quote === quote);
      expect(picked?.paragraphId).toBe(passage.citation.paragraphId);
      expect(reply.actions.map((a) => a.id)).toEqual([
        `source:open:${passage.citation.paragraphId}`,
        expect.stringMatching(/^fact:~[0-9a-z]{1,8}:$/u),
      ]);
    }
  });

  test('through execute, random and private', async () => {
    const reply = asMessage(await fact.execute(context(eng), {}));
    expect(reply.visibility).toBe('private');
    expect(passages(reply.blocks)).toHaveLength(1);
  });

  test('with a topic: a fact about it, cited, and "Another fact" keeps the topic', () => {
    for (const rng of rngs) {
      const reply = asMessage(factReply(context(eng), 'drones', rng));
      expect(allText(reply).toLowerCase()).toMatch(/drone|unmanned/);
      const [passage] = passages(reply.blocks);
      const quote = passage?.spans.map((s) => s.text).join('') ?? '';
      expect(eng.corpus.byId.get(passage?.citation.paragraphId ?? '')?.text).toContain(quote);
      expect(reply.actions.map((a) => a.id)).toContainEqual(
        expect.stringMatching(/^fact:~[0-9a-z]{1,8}:drones$/u),
      );
    }
  });

  test('SRBM as a topic finds the missiles', () => {
    const reply = asMessage(factReply(context(eng), 'ballistic missiles', () => 0));
    expect(allText(reply)).toMatch(/ballistic missile/);
  });

  test('an unknown topic is an error naming it', () => {
    expect(asError(factReply(context(eng), 'xylophones'))).toContain('"xylophones"');
  });

  test('"Another fact" replies with a new private fact on the same topic', async () => {
    const result = await press(fact, context(eng), 'fact:drones');
    expect(result?.mode).toBe('reply');
    const reply = asMessage(result?.reply ?? { kind: 'error', text: 'none' });
    expect(reply.visibility).toBe('private');
    expect(reply.title).toBe('A fact about drones');
  });

  test('sources differ: both figures are shown, each cited to its own document', () => {
    const mk = (id: string, paragraphId: string, value: string, quote: string): Fact => ({
      id,
      kind: 'figure',
      subject: 'short range ballistic missiles',
      value,
      date: null,
      quote,
      paragraphId,
      origin: 'curated',
    });
    const a = mk(
      'a',
      'going-ballistic#p2',
      'several hundred',
      'Iran has supplied Russia with several hundred short range ballistic missiles',
    );
    const b = mk(
      'b',
      'iran-russia-alliance#p3',
      'two hundred',
      'two hundred short range ballistic missiles',
    );
    const ctx = context({ ...eng, facts: FactStore.fromFacts([a, b]) });
    const reply = asMessage(factReply(ctx, 'ballistic missiles', () => 0));
    expect(allText(reply)).toContain('Sources differ');
    const items = listBlock(reply, 'Sources differ');
    expect(items.map((i) => [i.label, i.citation?.paragraphId])).toEqual([
      ['several hundred', 'going-ballistic#p2'],
      ['two hundred', 'iran-russia-alliance#p3'],
    ]);
    expect(items.map((i) => i.citation?.documentTitle)).toEqual([
      eng.corpus.documents.find((d) => d.slug === 'going-ballistic')?.meta.title,
      eng.corpus.documents.find((d) => d.slug === 'iran-russia-alliance')?.meta.title,
    ]);
  });

  test('a fact the sources agree on shows no "Sources differ"', () => {
    for (const rng of rngs) {
      expect(allText(factReply(context(eng), undefined, rng))).not.toContain('Sources differ');
    }
  });
});
