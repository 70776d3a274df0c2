import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSquad } from '../../src/eval/squad.ts';
import { wikiqaToSquad } from '../../src/eval/wikiqa.ts';

const HEADER = 'QuestionID\tQuestion\tDocumentID\tDocumentTitle\tSentenceID\tSentence\tLabel';

describe('wikiqaToSquad', () => {
  it('makes one paragraph a page, its sentences in order; an unanswered question a near miss', () => {
    const squad = wikiqaToSquad(readFileSync('tests/fixtures/wikiqa-tiny.tsv', 'utf8'));
    expect(squad.data.map((a) => a.title)).toEqual([
      'Hanseatic League',
      'Cog (ship)',
      'Lübeck Town Hall',
    ]);
    const league = squad.data[0]?.paragraphs[0];
    // a page asked about twice is one paragraph holding every sentence either question saw
    expect(league?.context).toBe(
      'The Hanseatic League was a commercial and defensive confederation of merchant guilds. It was founded by merchants of Lübeck in the 12th century. The last formal meeting of the League was held in 1669.',
    );
    expect(league?.qas.map((q) => [q.id, q.is_impossible, q.answers[0]?.text])).toEqual([
      ['Q1', false, 'It was founded by merchants of Lübeck in the 12th century.'],
      ['Q4', false, 'The last formal meeting of the League was held in 1669.'],
    ]);
    expect(squad.data[2]?.paragraphs[0]?.qas).toEqual([
      { id: 'Q3', question: 'how tall is the lubeck town hall', is_impossible: true, answers: [] },
    ]);
    const set = parseSquad(squad);
    expect([set.questions.length, set.unanswerable.length, set.contexts.length]).toEqual([3, 1, 3]);
  });

  it('names the line of a missing column or a bad label', () => {
    expect(() => wikiqaToSquad('QuestionID\tQuestion\n')).toThrow(
      /line 1: no column DocumentTitle, SentenceID, Sentence, Label/u,
    );
    expect(() => wikiqaToSquad(`${HEADER}\nQ1\tq\tD1\tT\tD1-0\tS.\tyes\n`)).toThrow(
      /line 2: Label is "yes"/u,
    );
  });

  it('property: every question is under its page, answerable exactly when a sentence answers it (fast-check)', () => {
    const row = fc.record({
      q: fc.integer({ min: 1, max: 5 }),
      page: fc.constantFrom('Alpha', 'Beta', 'Gamma'),
      s: fc.integer({ min: 0, max: 4 }),
      label: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 20 }), (rows) => {
        // a question is asked about one page, as in WikiQA
        const pageOf = new Map<number, string>();
        for (const r of rows) if (!pageOf.has(r.q)) pageOf.set(r.q, r.page);
        const tsv = [
          HEADER,
          ...rows.map(
            (r) =>
              `Q${r.q}\tquestion ${r.q}\tD\t${pageOf.get(r.q)}\t${pageOf.get(r.q)}-${r.s}\tSentence ${r.s}.\t${r.label ? 1 : 0}`,
          ),
        ].join('\n');
        const squad = wikiqaToSquad(tsv);
        for (const [q, page] of pageOf) {
          const article = squad.data.find((a) => a.title === page);
          const qa = article?.paragraphs[0]?.qas.find((x) => x.id === `Q${q}`);
          expect(qa).toBeDefined();
          const answered = rows.some((r) => r.q === q && r.label);
          expect(qa?.is_impossible).toBe(!answered);
          for (const a of qa?.answers ?? [])
            expect(article?.paragraphs[0]?.context).toContain(a.text);
        }
      }),
    );
  });
});
