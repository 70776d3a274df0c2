import { describe, expect, test } from 'vitest';
import { define } from '../../commands/define.ts';
import type { Block } from '../../src/answer/reply.ts';
import { FactStore } from '../../src/facts/index.ts';
import type { Fact } from '../../src/facts/types.ts';
import { allText, asError, asMessage, context, engine } from './helpers.ts';

const eng = await engine();

type Passage = Extract<Block, { type: 'passage' }>;

describe('/define', () => {
  test.each([
    ['SRBM', /short-range ballistic missile/i, 'going-ballistic#p1'],
    ['E3', /United Kingdom, France,? and Germany/, 'going-ballistic#p3'],
    ['UAS', /unmanned aerial systems/i, 'iran-russia-alliance#p3'],
    ['jcpoa', /Joint Comprehensive Plan of Action/, 'iran-russia-alliance#p6'],
  ])('%s: the corpus’s own definition, cited', async (term, meaning, paragraphId) => {
    const reply = asMessage(await define.execute(context(eng), { term }));
    expect(reply.title?.toLowerCase()).toBe(term.toLowerCase());
    expect(allText(reply)).toMatch(meaning);
    const passage = reply.blocks.find((b): b is Passage => b.type === 'passage');
    expect(passage?.citation.paragraphId).toBe(paragraphId);
    const quote = passage?.spans.map((s) => s.text).join('') ?? '';
    expect(eng.corpus.byId.get(paragraphId)?.text).toContain(quote);
    expect(reply.actions[0]?.id).toBe(`source:open:${paragraphId}`);
  });

  test('with no term: a usage line listing terms the documents define', async () => {
    for (const term of ['', '  ']) {
      const text = asError(await define.execute(context(eng), { term }));
      expect(text).toMatch(/^Usage: \/define <term>, such as [^.]*SRBM[^.]*\.$/u);
      expect(text).not.toContain('one from the list');
    }
  });

  test('with no term and nothing defined: the usage line says so', async () => {
    const bare = { ...eng, facts: FactStore.fromCorpus(eng.corpus, [], { extract: false }) };
    expect(asError(await define.execute(context(bare), { term: '' }))).toBe(
      'Usage: /define <term>. These documents define no terms yet; /ask can still search them.',
    );
  });

  test('an unknown term names the close ones', async () => {
    expect(asError(await define.execute(context(eng), { term: 'SRMB' }))).toContain(
      'Did you mean SRBM?',
    );
    const far = asError(await define.execute(context(eng), { term: 'xylophone' }));
    expect(far).toContain('do not define "xylophone"');
    expect(far).toContain('JCPOA');
  });

  test('autocomplete: defined terms matching what was typed', async () => {
    const ctx = context(eng);
    const all = (await define.autocomplete?.(ctx, { name: 'term', value: '' })) ?? [];
    expect(all.map((c) => c.value)).toEqual(expect.arrayContaining(['SRBM', 'E3', 'UAS', 'JCPOA']));
    const some = (await define.autocomplete?.(ctx, { name: 'term', value: 'ua' })) ?? [];
    expect(some[0]?.value).toBe('UAS');
    // matches in the expansion count too
    const byMeaning =
      (await define.autocomplete?.(ctx, { name: 'term', value: 'comprehensive' })) ?? [];
    expect(byMeaning.map((c) => c.value)).toEqual(['JCPOA']);
  });

  test('autocomplete stays within 25 choices of ≤ 100 characters', async () => {
    const defs: Fact[] = Array.from({ length: 60 }, (_, i) => ({
      id: `d${i}`,
      kind: 'definition',
      subject: `TERM${i}`,
      value: `a very long expansion ${'that goes on and on '.repeat(10)}${i}`,
      date: null,
      quote: 'The crisis over Iran’s nuclear programme',
      paragraphId: 'going-ballistic#p1',
      origin: 'curated',
    }));
    const ctx = context({ ...eng, facts: FactStore.fromFacts(defs) });
    const choices = (await define.autocomplete?.(ctx, { name: 'term', value: 'term' })) ?? [];
    expect(choices).toHaveLength(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  });
});
