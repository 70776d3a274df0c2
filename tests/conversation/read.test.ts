import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUESTION_CHARS } from '../../src/answer/ask.ts';
import type { Engine } from '../../src/answer/engine.ts';
import {
  Conversations,
  MemoryConversationStore,
  type Reading,
  readTurn,
  type TurnKind,
} from '../../src/conversation/index.ts';
import { tokenize } from '../../src/language/analyzer.ts';
import { engine as seedEngine } from '../support/engine.ts';

let engine: Engine;
beforeAll(async () => {
  engine = await seedEngine();
});

/** Asks every turn but the last in one thread, then reads the last in it. */
async function readLast(turns: readonly string[]): Promise<Reading> {
  const conversations = new Conversations(new MemoryConversationStore());
  for (const turn of turns.slice(0, -1)) await conversations.ask('t', turn, { engine });
  return conversations.read('t', turns.at(-1) ?? '', engine);
}

const words = (text: string) => new Set(tokenize(text).map((t) => t.surface.toLowerCase()));

interface Row {
  turns: string[];
  kind: TurnKind;
  /** Exactly what is asked, or words it must and must not hold. */
  asked?: string;
  has?: string[];
  lacks?: string[];
}

// The rule over each kind, on conversations about the bundled corpus (none from the eval sets).
const TABLE: Row[] = [
  // a complete question is asked as typed, whatever came before
  {
    turns: ['Which drones did Iran supply to Russia?', 'Who is the president of Iran?'],
    kind: 'fresh',
    asked: 'Who is the president of Iran?',
  },
  {
    turns: ['Which drones did Iran supply to Russia?', 'How many tanks did Germany send?'],
    kind: 'fresh',
    asked: 'How many tanks did Germany send?',
  },
  // the pronoun's antecedent is in the question itself
  {
    turns: ['Which drones did Iran supply?', 'What does the ECFR say about its positions?'],
    kind: 'fresh',
    asked: 'What does the ECFR say about its positions?',
  },
  // pronouns take the previous question's subject
  {
    turns: ['Which drones did Iran supply to Russia?', 'Where were they made?'],
    kind: 'pronoun',
    has: ['Where were they made?', 'drones', 'Iran', 'Russia'],
  },
  {
    turns: ['Which drones did Iran supply to Russia?', 'Was that before the invasion?'],
    kind: 'pronoun',
    has: ['Was that before the invasion?', 'drones', 'Iran'],
  },
  // an object pronoun never stands for its own clause's subject
  {
    turns: ['What did Iran supply to Russia?', 'Did Tehran admit it?'],
    kind: 'pronoun',
    has: ['Did Tehran admit it?', 'supply', 'Russia'],
  },
  // "his" after a who-question: the person the answer named
  {
    turns: ['Who is the president of Iran?', 'What had his government been signalling?'],
    kind: 'pronoun',
    has: ['Pezeshkian', 'president'],
  },
  // ellipses: a wh-fragment keeps its own question word, a bare phrase borrows the question
  {
    turns: ['Which drones did Iran supply to Russia?', 'When?'],
    kind: 'ellipsis',
    asked: 'When? drones Iran supply Russia',
  },
  {
    turns: ['Who is the president of Iran?', 'In which year?'],
    kind: 'ellipsis',
    has: ['In which year?', 'president', 'Iran'],
  },
  // a plural type word names no new subject either
  {
    turns: ['Which drones did Iran supply to Russia?', 'From which countries?'],
    kind: 'ellipsis',
    has: ['From which countries?', 'drones', 'Iran'],
  },
  {
    turns: ['What did Iran supply to Russia?', 'and the drones?'],
    kind: 'ellipsis',
    asked: 'What did Iran supply to Russia? drones',
  },
  {
    turns: ['Which drones did Iran supply to Russia?', 'What about the missiles?'],
    kind: 'ellipsis',
    has: ['Which drones did Iran supply to Russia?', 'missiles'],
  },
  // a wh-word after other words extends the previous question rather than asking a new one
  {
    turns: ['What did Iran supply to Russia?', 'Used against whom?'],
    kind: 'ellipsis',
    asked: 'What did Iran supply to Russia? Used against',
  },
  // a second parallel ellipsis replaces the first
  {
    turns: ['What did Iran supply to Russia?', 'and the drones?', 'and the missiles?'],
    kind: 'ellipsis',
    asked: 'What did Iran supply to Russia? missiles',
  },
  // corrections replace what was asked about
  {
    turns: ['What did Iran supply to Russia?', 'and the drones?', 'no, I meant the missiles'],
    kind: 'correction',
    asked: 'What did Iran supply to Russia? missiles',
  },
  {
    turns: ['Which drones did Iran supply to Russia?', 'No, I meant the missiles.'],
    kind: 'correction',
    asked: 'Which did Iran supply to Russia? missiles',
  },
  {
    turns: ['Which drones did Iran supply to Russia?', 'Not the drones, the missiles'],
    kind: 'correction',
    lacks: ['drones'],
    has: ['missiles'],
  },
  {
    turns: ['Who is the president of Iran?', 'Sorry, I meant where the drones were built.'],
    kind: 'correction',
    asked: 'where the drones were built. Iran',
  },
  // narrowing adds to it
  {
    turns: ['Which drones did Iran supply to Russia?', 'Only in 2022?'],
    kind: 'narrowing',
    asked: 'Which drones did Iran supply to Russia? 2022',
  },
  {
    turns: ['Which drones did Iran supply to Russia?', 'Just the Shahid ones'],
    kind: 'narrowing',
    has: ['Shahid', 'drones'],
  },
  // a follow-up that names what the documents lack is asked as typed, never dressed as covered
  {
    turns: ['Which drones did Iran supply to Russia?', 'And the submarines?'],
    kind: 'fresh',
    asked: 'the submarines?',
  },
  {
    turns: ['What did Iran supply to Russia?', 'What about North Korea?'],
    kind: 'fresh',
    asked: 'North Korea?',
  },
  // read without the small talk around it, and in lowercase when shouted
  {
    turns: ['What missiles did Iran send to Russia?', 'ok thanks. what about drones'],
    kind: 'ellipsis',
    has: ['drones', 'Iran', 'Russia'],
    lacks: ['thanks', 'ok'],
  },
  {
    turns: ["Who is Iran's supreme leader?", 'WHEN DID HE TAKE OVER'],
    kind: 'pronoun',
    has: ['when did he take over', 'Khamenei'],
  },
];

describe('readTurn over a table of conversations', () => {
  it.each(TABLE)('$turns.1 → $kind', async (row) => {
    const reading = await readLast(row.turns);
    expect(reading.kind).toBe(row.kind);
    if (row.asked !== undefined) expect(reading.question).toBe(row.asked);
    for (const w of row.has ?? []) expect(reading.question).toContain(w);
    for (const w of row.lacks ?? []) expect(words(reading.question).has(w)).toBe(false);
  });

  it('reads a first turn as a fresh question, exactly as typed', () => {
    const reading = readTurn([], '  and the drones?', engine);
    expect(reading).toMatchObject({ kind: 'fresh', question: '  and the drones?', context: [] });
  });

  it('an empty turn stays empty', async () => {
    expect((await readLast(['What is an SRBM?', '   '])).question).toBe('   ');
  });
});

const COMPLETE = readFileSync('tests/conversation/fixtures/complete-questions.txt', 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const FOLLOW_UPS = [
  'and the drones?',
  'When?',
  'Why did they do that?',
  'No, I meant the missiles.',
  'Only in 2023?',
  'What about Tehran?',
  'How old is he?',
  'And the tanks?',
  'Was that before the invasion?',
  'Sorry, I meant where they were built.',
];
const anyTurn = fc.constantFrom(...COMPLETE, ...FOLLOW_UPS);

describe('properties of the follow-up rule', () => {
  it('a complete question is answered exactly the same with or without a conversation before it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(anyTurn, { maxLength: 4 }),
        fc.constantFrom(...COMPLETE),
        async (before, question) => {
          const conversations = new Conversations(new MemoryConversationStore());
          for (const turn of before) await conversations.ask('t', turn, { engine });
          const answer = await conversations.ask('t', question, { engine });
          expect(answer).toEqual(engine.ask(question));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('never invents a word: what is asked comes from the turns and the passages shown', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(anyTurn, { minLength: 1, maxLength: 5 }), async (turns) => {
        const conversations = new Conversations(new MemoryConversationStore());
        for (const turn of turns.slice(0, -1)) await conversations.ask('t', turn, { engine });
        const shown = (await conversations.turns('t')).flatMap((t) =>
          t.passageIds.map((id) => engine.corpus.byId.get(id)?.text ?? ''),
        );
        const reading = await conversations.read('t', turns.at(-1) ?? '', engine);
        const allowed = words([...turns, ...shown].join(' '));
        for (const w of words(`${reading.question} ${reading.fallback ?? ''}`))
          expect(allowed).toContain(w);
        expect(reading.question.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
      }),
      { numRuns: 60 },
    );
  });

  it('never throws on whatever is typed, and never asks more than the length cap', async () => {
    const typed = fc.oneof(
      fc.string({ maxLength: 300, unit: 'grapheme' }),
      fc
        .array(
          fc.constantFrom(
            'no,',
            'I meant',
            'and',
            'only',
            'it',
            'they',
            'what',
            'about',
            'Iran',
            'drones',
            '?',
            'not',
            'but',
            ',',
            'that',
            'ones',
            'who',
          ),
          { maxLength: 40 },
        )
        .map((ws) => ws.join(' ')),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(anyTurn, typed), { maxLength: 3 }),
        typed,
        async (before, text) => {
          const conversations = new Conversations(new MemoryConversationStore());
          for (const turn of before) await conversations.ask('t', turn, { engine });
          const reading = await conversations.read('t', text, engine);
          expect(reading.question.length).toBeLessThanOrEqual(
            Math.max(MAX_QUESTION_CHARS, text.length),
          );
          await conversations.ask('t', text, { engine });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('what is asked fits the question length cap, however long the conversation', () => {
    const long = `What did Iran supply to Russia ${'and Ukraine '.repeat(22)}?`.slice(0, 290);
    const reading = readTurn(
      [
        {
          text: long,
          question: long,
          kind: 'fresh',
          frame: long,
          context: [],
          own: [],
          short: null,
          passageIds: [],
          at: new Date(0),
        },
      ],
      'and the drones in 2022 and 2023?',
      engine,
    );
    expect(reading.question.length).toBeLessThanOrEqual(MAX_QUESTION_CHARS);
    expect(reading.question.startsWith(long.trim())).toBe(true);
  });
});
