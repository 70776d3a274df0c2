import { describe, expect, it } from 'vitest';
import { answerTypeOf, classifyQuestion } from '../../src/language/question.ts';
import type { AnswerKind } from '../../src/language/question-shape.ts';

// question → kind, focus surface (or null), generic focus
const table: [string, AnswerKind, string | null, boolean?][] = [
  ['roughly how many SRBMs did Tehran give Moscow', 'number', 'SRBMs'],
  ['sorry if this is a dumb question but how many drones were sent', 'number', 'drones'],
  ['does anyone here know who leads the new government', 'person', null],
  ['long time lurker, when did moscow invade ukraine', 'date', null],
  ['How many tanks did Germany send to Ukraine?', 'number', 'tanks'],
  ['How many drones did Iran supply to Russia?', 'number', 'drones'],
  ['How many short range ballistic missiles were sent?', 'number', 'missiles'],
  ['how much oil does the country sell abroad', 'number', 'oil'],
  ['What is the maximum range of the new rocket?', 'number', 'range'],
  ["What is Iran's population?", 'number', 'population'],
  ['How long did the siege last?', 'number', null],
  ['since when has iran been in talks to buy fighter jets', 'date', null],
  ['when did moscow invade ukraine', 'date', null],
  ['what year was the islamic republic founded', 'date', 'year', true],
  ['In which decade did the fleet sail?', 'date', 'decade', true],
  ['In what year was the Islamic Republic formed?', 'date', 'year', true],
  ['Who really calls the shots on security policy?', 'person', null],
  ['who leads the new reform-minded government', 'person', null],
  ['Who is the president of Ukraine?', 'person', 'president'],
  ["Who is Iran's supreme leader?", 'person', 'leader'],
  ['which iranian UAV models did russia get', 'thing', 'models'],
  ['which big UN meeting should E3 leaders use to talk to the iranians', 'thing', 'meeting'],
  ['What currency is used in Iran?', 'thing', 'currency'],
  ['what kind of drones did the army buy', 'thing', 'drones'],
  ['What did the government supply to its ally?', 'thing', null],
  ['What happened in 1979?', 'thing', null],
  ['The harbour belongs to which city?', 'place', 'city', true],
  // a question word's contraction typed without its apostrophe
  ['whos the supreme leader of iran', 'person', 'leader'],
  ['wheres the config file', 'place', null],
  // a story's "when" joins clauses; the question word that asks opens a clause
  ['I get a CORS error when calling my API from the dev server, how do I proxy it?', 'any', null],
  ['the page breaks when I reload, where is the cache kept?', 'place', null],
  ['What happens when I run the build?', 'thing', null],
  ['What is the capital of Ukraine?', 'place', 'capital'],
  ['Which countries border the Black Sea?', 'place', 'countries'],
  ['In what country is the castle located?', 'place', 'country', true],
  ['where was the missile in the photo being shown off', 'place', null],
  ['Which US agency confirmed the drone deliveries?', 'organisation', 'agency'],
  ['what does jcpoa stand for', 'definition', 'jcpoa'],
  ['What does JCPOA stand for?', 'definition', 'JCPOA'],
  ['What is an SRBM?', 'definition', 'SRBM'],
  ['who is hossein amirabdolahian', 'definition', 'hossein amirabdolahian'],
  ['Who is Masoud Pezeshkian?', 'definition', 'Masoud Pezeshkian'],
  ['Why did Moscow reach out to Tehran for drones?', 'reason', null],
  ['Does Iran admit it sent the rockets?', 'yesno', null],
  ['Did Iran send missiles?', 'yesno', null],
  ['did the brits and the french join washington', 'yesno', null],
  ['is the EU expected to build on the sanctions', 'yesno', null],
  ['How did the talks end?', 'any', null],
];

describe('classifyQuestion', () => {
  it.each(table)('%s → %s', (question, kind, focus, generic = false) => {
    const shape = classifyQuestion(question);
    expect(shape.kind).toBe(kind);
    expect(shape.focus?.surface ?? null).toBe(focus);
    if (focus !== null) expect(shape.focus?.generic).toBe(generic);
  });

  it('stems the focus with the analyzer, acronyms lower-cased', () => {
    expect(classifyQuestion('How many tanks did Germany send?').focus?.stem).toBe('tank');
    expect(classifyQuestion('roughly how many SRBMs were sent').focus?.stem).toBe('srbm');
  });

  it('marks a sum of money asked for, and only that', () => {
    expect(classifyQuestion('How much did Russia pay for the missiles?').money).toBe(true);
    expect(classifyQuestion('how much does a Shahed drone cost').money).toBe(true);
    expect(classifyQuestion('How many dollars did Iran receive?').money).toBe(true);
    expect(classifyQuestion('How many missiles did Iran send?').money).toBeUndefined();
    expect(classifyQuestion('How much oil does Iran export?').money).toBeUndefined();
    expect(
      classifyQuestion('How many customers does Sky have as a pay-TV broadcaster?').money,
    ).toBeUndefined();
  });

  it('marks counts as countable and dates as not', () => {
    expect(classifyQuestion('How many tanks did Germany send?').countable).toBe(true);
    expect(classifyQuestion('When did the war begin?').countable).toBe(false);
    expect(classifyQuestion('Who won?').countable).toBeUndefined();
  });

  it('reads a role and its owner', () => {
    expect(classifyQuestion('Who is the president of Ukraine?').role).toEqual({
      role: 'president',
      of: 'Ukraine',
    });
    expect(classifyQuestion("Who is Israel's prime minister?").role).toEqual({
      role: 'prime minister',
      of: 'Israel',
    });
    expect(classifyQuestion("Who is Iran's supreme leader?").role).toEqual({
      role: 'supreme leader',
      of: 'Iran',
    });
    expect(classifyQuestion('Who leads the government?').role).toBeNull();
  });

  it('says where the question words stand relative to the answer', () => {
    // inverted: "Iran supplied X to Russia" — subject and verb come first
    expect(classifyQuestion('What did Iran supply to Russia?').order?.before).toEqual(
      expect.arrayContaining(['iran', 'suppli']),
    );
    // the wh-word is the subject: "X founded the duchy"
    expect(classifyQuestion('Who founded the duchy?').order).toEqual({
      before: [],
      after: ['found', 'duchi'],
    });
    // adverbial: "quotas were introduced in 1998"
    expect(classifyQuestion('When were export quotas introduced?').order?.before).toEqual(
      expect.arrayContaining(['export', 'quota']),
    );
    // a bare copula predicts nothing
    expect(classifyQuestion('What is the capital of France?').order).toBeUndefined();
  });

  it('reads the sentence that asks when a message tells its story first', () => {
    const story =
      "after every deploy a few users get 'TypeError: Failed to fetch' when they click around, a hard refresh fixes it. what causes this??";
    expect(classifyQuestion(story).kind).toBe('reason');
    expect(classifyQuestion('Iran sent drones. When did it start').kind).toBe('date');
    expect(classifyQuestion('U.S. officials said so. Who is the president of Iran?')).toMatchObject(
      { kind: 'person', role: { role: 'president', of: 'Iran' } },
    );
    // an abbreviation ends no sentence
    expect(classifyQuestion('Who is the U.S. president?').kind).toBe('person');
    // a story with no question in it is read whole
    expect(classifyQuestion('Drones came when the war began. Then missiles.').kind).toBe('date');
  });

  it('survives empty and odd input', () => {
    expect(classifyQuestion('').kind).toBe('any');
    expect(classifyQuestion('???').kind).toBe('any');
    expect(classifyQuestion('missiles').kind).toBe('any');
  });
});

describe('answerTypeOf', () => {
  it.each([
    ['When did Iran send drones?', 'date'],
    ['What year was the JCPOA signed?', 'date'],
    ['How many missiles were sent?', 'number'],
    ['How much did it cost?', 'number'],
    ['Who leads Iran?', 'person'],
    ['Where were the drones built?', 'place'],
    ['Which country supplied missiles?', 'place'],
    ['Why did Iran supply missiles?', 'reason'],
    ['What is an SRBM?', 'definition'],
    ['What does UAS stand for?', 'definition'],
    ['Define JCPOA', 'definition'],
    ['Iran missiles Russia', 'any'],
  ] as const)('%s → %s', (question, type) => {
    expect(answerTypeOf(question)).toBe(type);
  });
});
