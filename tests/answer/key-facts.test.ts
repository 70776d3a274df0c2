import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ask as askIndex } from '../../src/answer/ask.ts';
import { agreeWithKeyFacts, KEY_FACTS, keyFacts, sameValue } from '../../src/answer/key-facts.ts';
import type { Answer, Passage } from '../../src/answer/types.ts';
import { FactStore } from '../../src/facts/store.ts';
import { SearchIndex } from '../../src/search/index.ts';
import { corpusOf } from '../facts/helpers.ts';
import { engine } from '../support/engine.ts';

const eng = await engine();
const factsFor = (question: string) => keyFacts(eng, question, eng.ask(question));
const labels = (question: string) =>
  factsFor(question).map((f) => `${f.kind}: ${f.subject} = ${f.value}`);

// the kind and focus are classifyQuestion's (tests/language/question.test.ts): these are what
// key facts make of them
describe('Key facts read the question as ask does', () => {
  it(`a bare name asks for a definition, and a person's role defines them`, () => {
    expect(labels('Who is Masoud Pezeshkian?')).toEqual(['actor: Masoud Pezeshkian = President']);
  });

  it(`the role asked about is looked for beside the name ("Who is Iran's supreme leader?")`, () => {
    expect(labels("Who is Iran's supreme leader?")).toEqual([
      'actor: Ali Khamenei = Supreme Leader',
    ]);
  });

  it(`a what-question's focus may be said in other words ("verdict": "Biden concluded…")`, () => {
    const facts = factsFor("What was Biden's verdict on the nuclear talks in late 2022?");
    expect(facts.map((f) => f.value)).toContain('the fall of 2022');
  });

  it("a type word asked for, plural too, is not looked for: the question's rarest idea is", () => {
    // "the countries formed …" holds "countries" and "form", not the E3 the question is about
    const corpus = corpusOf([
      {
        slug: 'europe',
        paragraphs: [
          'The E3 are the United Kingdom, France and Germany.',
          'In 2019, the countries formed a new trade group.',
          'Many countries trade with Iran.',
          'Other countries formed ties later.',
        ],
      },
    ]);
    const index = SearchIndex.build(corpus.documents, []);
    const small = { index, facts: FactStore.fromCorpus(corpus, [], { index }) };
    const cited: Answer = {
      ...eng.ask('What is an SRBM?'),
      passages: corpus.paragraphs.map((p) => ({ id: p.id }) as Passage),
    };
    expect(small.facts.byParagraph('europe#p2').map((f) => f.value)).toEqual(['2019']);
    expect(keyFacts(small, 'Which countries form the E3?', cited)).toEqual([]);
  });

  it('a question with no kind of fact of its own takes any kind ("Why…")', () => {
    const kinds = new Set(factsFor('Why did Iran supply drones to Russia?').map((f) => f.kind));
    expect(kinds.size).toBeGreaterThan(1);
  });
});

describe('Key facts under an answer', () => {
  it('"When did Russia invade Ukraine?": the February 2022 launch, not "the summer"', () => {
    const facts = factsFor('When did Russia invade Ukraine?');
    expect(facts.map((f) => f.value)).toEqual(['February 2022']);
  });

  it('"Who is the president of Ukraine?": no dates, and no president of another country', () => {
    expect(labels('Who is the president of Ukraine?')).toEqual([]);
  });

  it('"Who is the president of Iran?": Masoud Pezeshkian, not Putin or Biden', () => {
    expect(labels('Who is the president of Iran?')).toEqual([
      'actor: Masoud Pezeshkian = President',
    ]);
  });

  it('"How many drones …": the figures about drones, only figures', () => {
    const facts = factsFor('How many drones did Iran supply to Russia?');
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.every((f) => f.kind === 'figure')).toBe(true);
    expect(facts.map((f) => f.value)).toContain('several hundred');
  });

  it('"How many missiles …": the missiles, not the drones', () => {
    expect(labels('How many missiles did Iran send to Russia?')).toEqual([
      'figure: short range ballistic missiles = several hundred',
    ]);
  });

  it('"What is an SRBM?": its definition', () => {
    expect(labels('What is an SRBM?')).toEqual([
      'definition: SRBM = short-range ballistic missile',
    ]);
  });

  it('none when nothing fits: the thing counted is absent ("tanks")', () => {
    expect(factsFor('How many tanks did Germany send to Ukraine?')).toEqual([]);
  });

  it('none for an unanswered question, and at most `limit`', () => {
    const q = 'What does North Korea export to Brazil?';
    expect(keyFacts(eng, q, eng.ask(q))).toEqual([]);
    const many = 'Why did Iran supply drones to Russia?';
    expect(keyFacts(eng, many, eng.ask(many), 1)).toHaveLength(1);
  });

  it('every key fact is a fact of a cited passage', () => {
    for (const q of [
      'How many drones did Iran supply to Russia?',
      'Why did Iran supply drones to Russia?',
      'What happened in 1979?',
    ]) {
      const answer = eng.ask(q);
      const cited = new Set(answer.passages.map((p) => p.id));
      for (const f of keyFacts(eng, q, answer)) expect(cited.has(f.paragraphId), q).toBe(true);
    }
  });
});

describe('sameValue', () => {
  it.each([
    ['February 2022', '2022', true],
    ['2016', 'Since 2016', true],
    ['Masoud Pezeshkian', 'President Masoud Pezeshkian', true],
    ['in 2018', '2018', true],
    ['February 2022', '2018', false],
    ['unmanned aerial systems', 'several hundred', false],
    ['fall of 2022', 'February 2022', false],
    ['', '2018', false],
  ])('%s ~ %s: %s', (a, b, same) => {
    expect(sameValue(a, b)).toBe(same);
  });

  it('is reflexive and symmetric (fast-check)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9]{1,8}$/);
    const phrase = fc.array(word, { minLength: 1, maxLength: 4 }).map((ws) => ws.join(' '));
    fc.assert(
      fc.property(phrase, phrase, (a, b) => {
        expect(sameValue(a, b)).toBe(sameValue(b, a));
        // a phrase of framing words only ("in the") says no value at all
        if (
          /[0-9]|[A-Za-z]{3,}/.test(a) &&
          !/^(?:\s|in|on|at|of|since|by|the|about|around|some)+$/i.test(a)
        )
          expect(sameValue(a, a)).toBe(true);
      }),
    );
  });
});

describe('the short answer never contradicts the key facts under it', () => {
  const trump = 'When did the Trump administration exit the nuclear deal?';
  const withShort = (question: string, text: string): Answer => {
    const answer = askIndex(eng.index, question, { shortThreshold: 0 });
    const passageId = answer.passages[0]?.id ?? '';
    return { ...answer, short: { text, passageId, kind: 'date' } };
  };

  it('a date the listed dates do not say is not shown; one they say is', () => {
    expect(keyFacts(eng, trump, withShort(trump, '2018')).map((f) => f.value)).toContain('2018');
    expect(agreeWithKeyFacts(eng, trump, withShort(trump, 'February 2022')).short).toBeNull();
    expect(agreeWithKeyFacts(eng, trump, withShort(trump, '2018')).short?.text).toBe('2018');
  });

  it('a listed date from another sentence is of another event: it contradicts nothing', () => {
    const q = 'When did Russia invade Ukraine?';
    // the listed fact quotes the sentence of February 2022; "2011" is from another sentence
    const listed = keyFacts(eng, q, withShort(q, '2011'));
    expect(listed.map((f) => f.value)).toEqual(['February 2022']);
    expect(listed[0]?.quote).not.toContain('2011');
    expect(agreeWithKeyFacts(eng, q, withShort(q, '2011')).short?.text).toBe('2011');
  });

  it('with no listed fact of its kind nothing contradicts it, and the rest is kept', () => {
    const q = 'Why did Iran supply drones to Russia?';
    const answer = withShort(q, 'February 2022');
    expect(keyFacts(eng, q, answer).filter((f) => f.kind === 'date')).toEqual([]);
    expect(agreeWithKeyFacts(eng, q, answer)).toEqual(answer);
    const agreed = agreeWithKeyFacts(eng, trump, withShort(trump, 'February 2022'));
    expect(agreed.passages).toEqual(withShort(trump, 'February 2022').passages);
  });

  it('holds for what the engine shows', () => {
    for (const q of [
      trump,
      'When did Trump quit the nuclear deal?',
      'When did Russia invade Ukraine?',
      'How many drones did Iran supply to Russia?',
      'Who is the president of Iran?',
      'Since when has Iran been in talks to buy Russian fighter jets?',
      'When did Iran and Saudi Arabia restore relations?',
    ]) {
      const answer = eng.ask(q);
      const short = answer.short;
      if (!short) continue;
      const kind = { date: 'date', number: 'figure', person: 'actor' }[short.kind as string];
      const listed = keyFacts(eng, q, answer, KEY_FACTS).filter(
        (f) => f.kind === kind && f.quote.includes(short.text),
      );
      if (listed.length === 0) continue;
      const said = listed.some((f) =>
        sameValue(short.text, kind === 'actor' ? f.subject : f.value),
      );
      expect(said, `${q} → ${short.text}`).toBe(true);
    }
  });
});
