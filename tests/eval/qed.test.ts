import { describe, expect, it } from 'vitest';
import { qedToSquad } from '../../src/eval/qed.ts';
import { parseSquad } from '../../src/eval/squad.ts';

const line = (o: object) => JSON.stringify(o);

describe('qedToSquad', () => {
  it('groups QED examples by title, each paragraph once, each question under its paragraph', () => {
    const text = [
      line({
        example_id: 1,
        question_text: 'what is the medical term for webbed toes',
        title_text: 'Webbed toes',
        paragraph_text: 'Webbed toes is the common name for syndactyly affecting the feet .',
        answer_text: ['syndactyly affecting the feet'],
      }),
      line({
        example_id: 2,
        question_text: 'are webbed toes common',
        title_text: 'Webbed toes',
        paragraph_text: 'Webbed toes is the common name for syndactyly affecting the feet .',
        answer_text: ['common name'],
      }),
      line({
        example_id: 3,
        question_text: 'who won super bowl xv',
        title_text: 'Wild card (sports)',
        paragraph_text: '1980 Oakland Raiders -- Super Bowl XV',
        answer_text: ['1980 Oakland Raiders'],
      }),
      line({
        example_id: 4,
        question_text: 'a question without an answer',
        title_text: 'Wild card (sports)',
        paragraph_text: 'Another paragraph',
        answer_text: [],
      }),
      '',
    ].join('\n');
    const squad = qedToSquad(text);
    expect(squad.data.map((a) => a.title)).toEqual(['Webbed toes', 'Wild card (sports)']);
    expect(squad.data[0]?.paragraphs).toHaveLength(1);
    expect(squad.data[0]?.paragraphs[0]?.qas.map((q) => q.id)).toEqual(['1', '2']);
    expect(squad.data[1]?.paragraphs).toHaveLength(1);
    // what the fitter reads of it
    const set = parseSquad(squad);
    expect(set.contexts).toHaveLength(2);
    expect(set.questions.map((q) => q.paragraph)).toEqual([0, 0, 1]);
    expect(set.questions[2]?.answers).toEqual(['1980 Oakland Raiders']);
  });

  it('names the line that is not a QED example', () => {
    expect(() => qedToSquad('{"question_text": "q"}\nnot json')).toThrow(/line 1/u);
    expect(() => qedToSquad('\nnot json')).toThrow(/line 2: not valid JSON/u);
  });
});
