import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stemWord, tokenize } from '../../src/language/analyzer.ts';
import { parseAliases } from '../../src/search/aliases.ts';
import { analyzeQuery } from '../../src/search/query.ts';

describe('analyzeQuery', () => {
  const all = () => true;

  it('keeps informative words as concepts, with their position among all tokens', () => {
    const q = analyzeQuery('Which weapons did Belarus give Russia?', [], all);
    expect(q.concepts.map((c) => [c.surface, c.alternatives, c.capitalized, c.position])).toEqual([
      ['weapons', [['weapon']], false, 1],
      ['Belarus', [['belarus']], true, 3],
      ['give', [['give']], false, 4],
      ['Russia', [['russia']], true, 5],
    ]);
  });

  it('drops chat’s greetings and thanks where they open the message or a clause or close the message, not inside a clause', () => {
    const words = (q: string) => analyzeQuery(q, [], all).concepts.map((c) => c.surface);
    expect(words('Hey, how do I set up a proxy? thanks!')).toEqual(['set', 'proxy']);
    expect(words('hi all. which port does preview use thank you so much in advance')).toEqual([
      'port',
      'preview',
      'use',
    ]);
    expect(words('ok. hello: which port does preview use? Cheers')).toEqual([
      'port',
      'preview',
      'use',
    ]);
    expect(words('what grade was arnold from hey arnold in')).toEqual(['grade', 'arnold', 'hey']);
    expect(words('a hello world example')).toEqual(['hello', 'world', 'example']);
  });

  it('drops a name the message opens by addressing, when the corpus has none of its words', () => {
    const known = (t: string) => !['dossier', 'sam', 'lee'].includes(t);
    const words = (q: string) => analyzeQuery(q, [], known).concepts.map((c) => c.surface);
    expect(words('Dossier, who leads Iran?')).toEqual(['leads', 'Iran']);
    expect(words('Sam Lee: which port does preview use?')).toEqual(['port', 'preview', 'use']);
    // the corpus's own subject is the question's: "Vite, how do I configure it?"
    expect(words('Vite, how do I configure it?')).toEqual(['Vite', 'configure']);
    // not addressed: a name with no comma, or one inside the question
    expect(words('Dossier leads Iran?')).toEqual(['Dossier', 'leads', 'Iran']);
    expect(words('Who is Sam, the leader?')).toEqual(['Sam', 'leader']);
  });

  it('reads a message in capitals throughout as shouted, not as a run of acronyms', () => {
    const q = analyzeQuery("WHO IS IRAN'S SUPREME LEADER", [], all);
    expect(q.concepts.map((c) => c.surface)).toEqual(['iran', 'supreme', 'leader']);
    expect(q.shape.kind).toBe('person');
    // two capitalised words may be acronyms
    expect(analyzeQuery('NATO SRBM', [], all).concepts.map((c) => c.surface)).toEqual([
      'NATO',
      'SRBM',
    ]);
  });

  it('reads a capital that opens a later sentence as no sign of a name, but an acronym’s as one', () => {
    const q = analyzeQuery(
      'Which drones went to Russia? Asking for NATO. Tehran denies it',
      [],
      all,
    );
    expect(q.concepts.map((c) => [c.surface, c.capitalized])).toEqual([
      ['drones', false],
      ['went', false],
      ['Russia', true],
      ['Asking', false],
      ['NATO', true],
      ['Tehran', false],
      ['denies', false],
    ]);
  });

  it('never reads small talk as a misspelling ("Good morning" is not "Good mounting")', () => {
    const known = (t: string) => t === 'port';
    const correct = (word: string) => (word === 'morning' ? 'mounting' : null);
    const q = analyzeQuery('Good morning! which port?', [], known, undefined, undefined, correct);
    expect(q.text).toBe('Good morning! which port?');
    expect(q.corrections).toEqual([]);
    expect(q.concepts.map((c) => c.surface)).toEqual(['port']);
  });

  it('property: a clause that does not open with a greeting keeps every word (fast-check)', () => {
    const word = fc.constantFrom('hey', 'hello', 'ok', 'proxy', 'iran', 'drones', 'port', 'Sam');
    const clause = fc.array(word, { minLength: 1, maxLength: 4 });
    const sep = fc.constantFrom(', ', '. ', '? ', ' - ');
    fc.assert(
      fc.property(fc.array(fc.tuple(clause, sep), { minLength: 1, maxLength: 4 }), (parts) => {
        const text = parts.map(([words, s]) => words.join(' ') + s).join('');
        const kept = new Set(analyzeQuery(text, [], all).concepts.map((c) => c.surface));
        for (const [words] of parts)
          if (!['hey', 'hello', 'ok'].includes(words[0] ?? ''))
            for (const w of words)
              if (!['hey', 'hello', 'ok'].includes(w)) expect(kept).toContain(w);
      }),
    );
  });

  it('drops the scaffolding of a definition question', () => {
    const q = analyzeQuery('What does UAS stand for?', [], all);
    expect(q.answerType).toBe('definition');
    expect(q.concepts.map((c) => c.surface)).toEqual(['UAS']);
  });

  it('matches the longest alias phrase and lists the other wordings as alternatives', () => {
    const { groups } = parseAliases(
      'groups:\n  - [UAS, drone, unmanned aerial systems]\n  - [Tehran, Iran]\n',
    );
    const q = analyzeQuery('Did Tehran buy unmanned aerial systems?', groups, all);
    expect(q.concepts.map((c) => [c.surface, c.alternatives])).toEqual([
      ['Tehran', [['tehran'], ['iran']]],
      ['buy', [['buy']]],
      ['unmanned aerial systems', [['unman', 'aerial', 'system'], ['uas'], ['drone']]],
    ]);
  });

  it('reads a lowercase acronym as the indexed acronym when the stem is unknown', () => {
    const known = (t: string) => t === 'uas';
    const q = analyzeQuery('what are uas', [], known);
    expect(q.concepts[0]?.alternatives[0]).toEqual(['uas']);
  });

  it('offers near forms of an unknown term', () => {
    const q = analyzeQuery(
      'syria',
      [],
      () => false,
      (t) => (t === 'syria' ? ['syrian'] : []),
    );
    expect(q.concepts[0]?.alternatives).toEqual([['syria'], ['syrian']]);
    expect(q.concepts[0]?.strength).toBe(1);
  });

  it('offers an acronym no near form: "QUIC" is not "quick"', () => {
    const near = (t: string) => (t === 'quic' ? ['quick'] : []);
    const q = analyzeQuery('Can it serve over QUIC?', [], () => false, near);
    expect(q.concepts.find((c) => c.surface === 'QUIC')?.alternatives).toEqual([['quic']]);
    // the same letters typed as a word are offered it
    const typed = analyzeQuery('can it serve over quic', [], () => false, near);
    expect(typed.concepts.find((c) => c.surface === 'quic')?.alternatives).toEqual([
      ['quic'],
      ['quick'],
    ]);
  });

  it('weighs an absent verb less than an absent noun', () => {
    const q = analyzeQuery('Did Belarus give weapons?', [], () => false);
    const strength = Object.fromEntries(q.concepts.map((c) => [c.surface, c.strength]));
    expect(strength.Belarus).toBe(1);
    expect(strength.give).toBeLessThan(1);
  });

  it('dedupes repeated words and has no concepts for a question without keywords', () => {
    expect(analyzeQuery('drones drones Drones', [], all).concepts).toHaveLength(1);
    expect(analyzeQuery('what is it?', [], all).concepts).toEqual([]);
    expect(analyzeQuery('???', [], all).concepts).toEqual([]);
    expect(analyzeQuery('', [], all).concepts).toEqual([]);
  });

  describe('two words the corpus writes as one', () => {
    // the corpus writes "gallbladder" and "websocket"
    const joined = (word: string) =>
      word === 'gallbladder' || word === 'websocket' ? stemWord(word) : null;
    const read = (text: string) =>
      analyzeQuery(text, [], all, undefined, undefined, undefined, joined).concepts.map((c) => [
        c.surface,
        c.alternatives,
      ]);

    it('lets the word they make hold each of them', () => {
      expect(read('Where is the gall bladder?')).toEqual([
        ['gall', [['gall'], ['gallbladd']]],
        ['bladder', [['bladder'], ['gallbladd']]],
      ]);
      expect(read('open a web-socket')).toEqual([
        ['open', [['open']]],
        ['web', [['web'], ['websocket']]],
        ['socket', [['socket'], ['websocket']]],
      ]);
    });

    it('never joins across a stopword or punctuation, nor words the corpus does not join', () => {
      expect(read('the gall of the bladder')).toEqual([
        ['gall', [['gall']]],
        ['bladder', [['bladder']]],
      ]);
      expect(read('gall, bladder')).toEqual([
        ['gall', [['gall']]],
        ['bladder', [['bladder']]],
      ]);
      expect(read('web server')).toEqual([
        ['web', [['web']]],
        ['server', [['server']]],
      ]);
    });

    it('keeps every word of the question as written (property)', () => {
      fc.assert(
        fc.property(
          fc.array(fc.constantFrom('gall', 'bladder', 'web', 'socket', 'the', 'of', ',', 'open'), {
            maxLength: 8,
          }),
          (words) => {
            const text = words.join(' ');
            const own = new Set(
              analyzeQuery(text, [], all, undefined, undefined, undefined, joined).concepts.flatMap(
                (c) => c.alternatives[0] ?? [],
              ),
            );
            for (const t of tokenize(text)) if (!t.stop) expect(own.has(t.stem)).toBe(true);
          },
        ),
      );
    });
  });
});
