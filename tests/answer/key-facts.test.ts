import { describe, expect, it } from 'vitest';
import { keyFacts, questionNeeds } from '../../src/answer/key-facts.ts';
import { engine } from '../support/engine.ts';

const eng = await engine();
const factsFor = (question: string) => keyFacts(eng, question, eng.ask(question));
const labels = (question: string) =>
  factsFor(question).map((f) => `${f.kind}: ${f.subject} = ${f.value}`);

describe('questionNeeds', () => {
  it.each([
    ['When did Russia invade Ukraine?', 'date', null],
    ['In what year was the Islamic Republic formed?', 'date', null],
    ['How many drones did Iran supply to Russia?', 'number', 'drones'],
    ['How many short range ballistic missiles were sent?', 'number', 'missiles'],
    ['Who is the president of Ukraine?', 'person', 'president'],
    ['Who is Masoud Pezeshkian?', 'person', null],
    ['What is an SRBM?', 'definition', 'SRBM'],
    ['What does JCPOA stand for?', 'definition', 'JCPOA'],
    ['What is the capital of Ukraine?', 'thing', 'capital'],
    ['Which countries form the E3?', 'thing', 'countries'],
    ['What happened in 1979?', 'any', null],
    ['Why did Iran supply drones?', 'reason', null],
    ['Did Iran send missiles?', 'yesno', null],
  ])('%s → %s, focus %s', (question, kind, focus) => {
    const needs = questionNeeds(question);
    expect(needs.kind).toBe(kind);
    expect(needs.focus?.surface ?? null).toBe(focus);
  });

  it('a generic focus is marked so ("countries")', () => {
    expect(questionNeeds('Which countries form the E3?').focus?.generic).toBe(true);
    expect(questionNeeds('How many drones did Iran send?').focus?.generic).toBe(false);
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
