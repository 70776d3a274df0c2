import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { answerCandidates, extractShortAnswer } from '../../src/answer/short.ts';
import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Paragraph } from '../../src/corpus/types.ts';
import { indexTerms } from '../../src/language/analyzer.ts';
import { classifyQuestion } from '../../src/language/question.ts';

function paragraph(text: string): Paragraph {
  return {
    id: 'doc#p1',
    docSlug: 'doc',
    n: 1,
    kind: 'body',
    section: null,
    text,
    sentences: splitSentences(text),
    line: 1,
  };
}

function short(question: string, text: string) {
  return extractShortAnswer(question, classifyQuestion(question), paragraph(text));
}

describe('extractShortAnswer, per kind of answer', () => {
  it.each([
    // dates
    [
      'When did the siege of the port begin?',
      'The siege of the port began in March 1941. It lasted for eight months.',
      'March 1941',
    ],
    [
      'Since when have the two firms discussed a merger?',
      'Since 2016, the two firms have discussed a merger of their shipping arms.',
      '2016',
    ],
    // counts: the amount, not the year beside it
    [
      'How many rockets did the rebels fire?',
      'The rebels fired forty rockets at the town.',
      'forty',
    ],
    [
      'How many soldiers died at the river?',
      'In 1916, 20,000 soldiers died at the river.',
      '20,000',
    ],
    // a measure keeps its unit
    [
      'How large is the lake?',
      'The lake covers about 3,000 square kilometres and feeds two rivers.',
      'about 3,000 square kilometres',
    ],
    // people, without their titles
    ['Who founded the company?', 'The company was founded by Maria Lopez in 1990.', 'Maria Lopez'],
    [
      'Who wrote the report?',
      'The report, written by Tom Hale, was published in June.',
      'Tom Hale',
    ],
    // organisations and places
    [
      'Which agency approved the drug?',
      'The drug was approved by the Food and Drug Administration in May.',
      'Food and Drug Administration',
    ],
    ['Where did the ship sink?', 'The ship sank off the coast of Portugal in 1901.', 'Portugal'],
    [
      'Which countries signed the treaty?',
      'The treaty was signed by Norway, Sweden and Denmark in 1905.',
      'Norway, Sweden and Denmark',
    ],
    // definitions: an acronym's expansion, a copula, a person's title
    [
      'What does NATO stand for?',
      'The North Atlantic Treaty Organization (NATO) was founded in 1949.',
      'North Atlantic Treaty Organization',
    ],
    [
      'What is a caldera?',
      'A caldera is a large depression formed when a volcano collapses.',
      'large depression',
    ],
    [
      'who is ana ruiz',
      'Spanish Finance Minister Ana Ruiz said the budget would pass.',
      'Spanish Finance Minister',
    ],
    // things and reasons
    [
      'What did the farmers grow on the hills?',
      'The farmers grew barley and oats on the hills.',
      'barley and oats',
    ],
    [
      'Why did the bridge close?',
      'The bridge closed because its cables had rusted.',
      'cables had rusted',
    ],
  ])('%s', (question, text, expected) => {
    const answer = short(question, text);
    expect(answer?.text).toBe(expected);
    expect(answer?.kind).toBe(classifyQuestion(question).kind);
  });

  it("gives an acronym's expansion for what it stands for, never for a count or a date", () => {
    const text =
      'An Iranian short-range ballistic missile (SRBM) is on display at an air show in Tehran.';
    // the question's words as retrieval expands them: the acronym's own words with it
    const questionTerms = new Set(['srbm', 'short', 'rang', 'ballist', 'missil', 'iran', 'send']);
    const ask = (question: string) =>
      extractShortAnswer(question, classifyQuestion(question), paragraph(text), { questionTerms });
    expect(ask('What is an SRBM?')?.text).toBe('short-range ballistic missile');
    expect(ask('How many SRBMs did Iran send?')).toBeNull();
    expect(ask('When was the SRBM shown?')).toBeNull();
  });

  it('counts a thing with a number and time with a span of time, never a thing with time', () => {
    const months =
      'For several months after the invasion, Ukraine used Turkish drones to great effect.';
    expect(short('How many drones did Turkey sell to Ukraine?', months)).toBeNull();
    expect(
      short('How many drones did Iran send?', 'Over several months, Iran sent 400 drones.')?.text,
    ).toBe('400');
    expect(short('How many years did the war last?', 'The war lasted for six years.')?.text).toBe(
      'six',
    );
    expect(
      short('How many months did the siege last?', 'The siege lasted several months.')?.text,
    ).toBe('several months');
  });

  it('cites the sentence and the offsets of the phrase in the paragraph', () => {
    const text = 'The fleet sailed at dawn. The siege of the port began in March 1941.';
    const answer = short('When did the siege of the port begin?', text);
    expect(answer).toMatchObject({ text: 'March 1941', sentence: 1 });
    expect(text.slice(answer?.start, answer?.end)).toBe('March 1941');
  });

  it('never answers "when" with a bare duration: "several months" is no date', () => {
    const q = 'When did the siege of the port begin?';
    expect(short(q, 'The siege of the port lasted several months.')?.kind).not.toBe('date');
    expect(
      short(q, 'The siege of the port began in March 1941 and lasted several months.')?.text,
    ).toBe('March 1941');
    // a duration still answers "how long"
    expect(
      short(
        'How long did the siege of the port last?',
        'The siege of the port lasted several months.',
      )?.text,
    ).toContain('months');
  });

  it('answers "how much did X pay" with a sum of money, never with a count', () => {
    const q = 'How much did Russia pay for the missiles?';
    expect(short(q, 'Iran sent several hundred missiles to Russia.')).toBeNull();
    expect(short(q, 'Russia paid $1.5 billion for several hundred missiles.')?.text).toBe(
      '$1.5 billion',
    );
    expect(short(q, 'Russia paid 2 billion dollars for 300 missiles.')?.text).toBe(
      '2 billion dollars',
    );
    expect(
      short('How many missiles did Iran send?', 'Iran sent 300 missiles for $2 billion.')?.text,
    ).toContain('300');
  });

  it('reads the sentences the caller ranks first', () => {
    const text = 'The port was built in 1820. The port was rebuilt in 1950.';
    const shape = classifyQuestion('When was the port built?');
    const p = paragraph(text);
    expect(extractShortAnswer('When was the port built?', shape, p, { sentences: [1] })?.text).toBe(
      '1950',
    );
    expect(extractShortAnswer('When was the port built?', shape, p, { sentences: [0] })?.text).toBe(
      '1820',
    );
  });

  it("counts the caller's synonyms as the question's words", () => {
    const text = 'The lake is fed by three rivers. The harbour was bought by Ana Ruiz in 2001.';
    const q = 'When was the harbour purchased?';
    const plain = extractShortAnswer(q, classifyQuestion(q), paragraph(text));
    const withSynonyms = extractShortAnswer(q, classifyQuestion(q), paragraph(text), {
      questionTerms: new Set([...indexTerms(q), 'bought', 'buy']),
    });
    expect(withSynonyms?.text).toBe('2001');
    expect(withSynonyms?.confidence ?? 0).toBeGreaterThanOrEqual(plain?.confidence ?? 0);
  });
});

describe('extractShortAnswer, when unsure', () => {
  it('gives no answer to a yes/no question', () => {
    expect(short('Did the bridge close?', 'The bridge closed because its cables had rusted.')).toBe(
      null,
    );
  });

  it('gives no answer when the sentence holds nothing of the kind asked', () => {
    expect(short('How many ships sank?', 'The storm hit the harbour and sank the ships.')).toBe(
      null,
    );
    expect(short('When did the storm hit?', 'The storm hit the harbour and sank the ships.')).toBe(
      null,
    );
  });

  it('gives no answer when nothing in the paragraph matches the question', () => {
    expect(
      short('When was the telescope invented?', 'The lake covers 3,000 square kilometres.'),
    ).toBe(null);
  });

  it('is less sure of an amount of something the question did not ask about', () => {
    const text = 'The army bought several hundred trucks last year.';
    const asked = short('How many trucks did the army buy?', text);
    const other = short('How many tanks did the army buy?', text);
    expect(asked?.text).toBe('several hundred');
    expect(other?.confidence ?? 0).toBeLessThan((asked?.confidence ?? 0) * 0.6);
  });
});

describe('the role check', () => {
  const q = 'Who is the president of Chile?';
  it('refuses a president of another country', () => {
    expect(short(q, 'Argentine President Javier Milei met officials in Santiago, Chile.')).toBe(
      null,
    );
    expect(short(q, 'Chile hosted the summit. Argentine President Javier Milei spoke first.')).toBe(
      null,
    );
  });

  it('takes the president whose title names the country', () => {
    expect(
      short(q, 'Chilean President Gabriel Boric met Argentine President Javier Milei in Santiago.')
        ?.text,
    ).toBe('Gabriel Boric');
    expect(short(q, 'Gabriel Boric, the president of Chile, spoke to reporters.')?.text).toBe(
      'Gabriel Boric',
    );
    expect(short(q, 'In Chile, President Gabriel Boric spoke to reporters.')?.text).toBe(
      'Gabriel Boric',
    );
  });

  it("takes a possessive owner: the country's leader", () => {
    expect(
      short("Who is Spain's prime minister?", "Spain's prime minister Pedro Sanchez flew to Rome.")
        ?.text,
    ).toBe('Pedro Sanchez');
    expect(
      short("Who is Italy's prime minister?", "Spain's prime minister Pedro Sanchez flew to Rome."),
    ).toBe(null);
  });

  it('reads the role said across a copula, with its owner', () => {
    const india = 'who is the prime minister of india';
    expect(
      short(
        india,
        'The incumbent Prime Minister of India is Narendra Modi, who took office in 2014.',
      )?.text,
    ).toBe('Narendra Modi');
    expect(short(q, 'Gabriel Boric is the president of Chile since March 2022.')?.text).toBe(
      'Gabriel Boric',
    );
    expect(short(q, 'Gabriel Boric has been the thirty-sixth president of Chile.')?.text).toBe(
      'Gabriel Boric',
    );
    // the role of another owner, or a role without one, is no answer
    expect(short(india, 'The Prime Minister of Pakistan is Shehbaz Sharif.')).toBe(null);
    expect(short(q, 'Javier Milei is the president of Argentina.')).toBe(null);
    expect(short(q, 'Javier Milei is the president.')).toBe(null);
  });
});

describe('answerCandidates', () => {
  const shape = classifyQuestion('When did the storm hit?');
  const terms = new Set(indexTerms('When did the storm hit?'));
  it('finds the dates of a sentence, best first', () => {
    expect(answerCandidates('The storm hit the harbour on 3 May 1999.', shape, terms)[0]).toEqual({
      text: '3 May 1999',
      start: 29,
      end: 39,
      score: expect.any(Number),
    });
  });
  it('finds none where the sentence has no date', () => {
    expect(answerCandidates('The storm hit the harbour and sank the ships.', shape, terms)).toEqual(
      [],
    );
  });
});

describe('answerCandidates, places', () => {
  const where = classifyQuestion('Where is the stadium being built?');
  const terms = new Set(indexTerms('Where is the stadium being built?'));
  const texts = (sentence: string) => answerCandidates(sentence, where, terms).map((c) => c.text);
  it('offers a place with its region after it, whole', () => {
    expect(texts('The stadium is being built in Paradise, Nevada for the Raiders.')).toContain(
      'Paradise, Nevada',
    );
    expect(texts('The stadium is being built in Toronto, Ontario, Canada.')).toContain(
      'Toronto, Ontario, Canada',
    );
  });
  it('reads a list of places, or a possessive after the comma, as no single place', () => {
    const list = texts('The stadium is being built in Paris, London and Rome.');
    expect(list.some((t) => t.startsWith('Paris, London') && !t.includes('Rome'))).toBe(false);
    const oxford = texts('The stadium is being built in Lyon, Paris, and Rome.');
    expect(oxford.some((t) => t.startsWith('Lyon, Paris') && !t.includes('Rome'))).toBe(false);
    const countries = texts('The stadium is being built in the United Kingdom, France.');
    expect(countries).not.toContain('United Kingdom, France');
    expect(texts("The stadium is being built in Tehran, Iran's capital.")).not.toContain(
      'Tehran, Iran',
    );
  });
});

// Paragraphs and questions made of a small vocabulary, so the words meet often.
const WORDS = [
  'the',
  'army',
  'bought',
  'Maria',
  'Lopez',
  'President',
  'Chile',
  'in',
  'March',
  '1941',
  'forty',
  'rockets',
  '3,000',
  'square',
  'kilometres',
  '(NATO)',
  'North',
  'Atlantic',
  'of',
  'and',
  'because',
  'said',
  'port',
  'Iran’s',
  'short-range',
  '$2',
  'billion',
  '40%',
];
const sentence = fc
  .array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 })
  .map((ws) => `${ws.join(' ')}.`);
const text = fc.array(sentence, { minLength: 1, maxLength: 3 }).map((ss) => ss.join(' '));
const question = fc
  .tuple(
    fc.constantFrom('Who', 'When', 'Where', 'How many', 'What', 'Which', 'Why', 'What does'),
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 5 }),
  )
  .map(([wh, ws]) => `${wh} ${ws.join(' ')}?`);

describe('extractShortAnswer, properties', () => {
  it('returns a span of one sentence whose text is the paragraph text at its offsets', () => {
    fc.assert(
      fc.property(text, question, (t, q) => {
        const p = paragraph(t);
        const a = extractShortAnswer(q, classifyQuestion(q), p);
        if (a === null) return;
        const s = p.sentences[a.sentence];
        expect(s).toBeDefined();
        expect(a.start).toBeGreaterThanOrEqual(s?.start ?? Infinity);
        expect(a.end).toBeLessThanOrEqual(s?.end ?? -1);
        expect(a.start).toBeLessThan(a.end);
        expect(p.text.slice(a.start, a.end)).toBe(a.text);
        expect(a.confidence).toBeGreaterThanOrEqual(0);
        expect(a.confidence).toBeLessThanOrEqual(1);
      }),
      { numRuns: 150 },
    );
  });

  it('never returns a phrase the question already contains', () => {
    const fold = (s: string) =>
      ` ${s
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()} `;
    fc.assert(
      fc.property(text, question, (t, q) => {
        const a = extractShortAnswer(q, classifyQuestion(q), paragraph(t));
        if (a !== null) expect(fold(q).includes(fold(a.text))).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
