import { describe, expect, it } from 'vitest';
import { parseSquad } from '../../src/eval/squad.ts';
import { explorerPageToArticle, explorerToSquad } from '../../src/eval/squad-explorer.ts';
import { page } from './explorer-page.ts';

describe('explorerPageToArticle', () => {
  it('reads the title, each paragraph and its questions with their answers, entities decoded', () => {
    const html = page('Sichuan_earthquake', [
      [
        'The 2008 Sichuan earthquake &amp; its aftershocks killed 69,197 people.',
        [
          ['In what year did the earthquake occur?', [' 2008', '2008']],
          ['How many died &amp; how?', ['69,197']],
        ],
      ],
      ['Relief arrived from Beijing.', [['Where did relief come from?', ['Beijing']]]],
    ]);
    expect(explorerPageToArticle(html, 'x')).toEqual({
      title: 'Sichuan_earthquake',
      paragraphs: [
        {
          context: 'The 2008 Sichuan earthquake & its aftershocks killed 69,197 people.',
          qas: [
            {
              id: 'Sichuan_earthquake-0-0',
              question: 'In what year did the earthquake occur?',
              is_impossible: false,
              answers: [{ text: '2008' }],
            },
            {
              id: 'Sichuan_earthquake-0-1',
              question: 'How many died & how?',
              is_impossible: false,
              answers: [{ text: '69,197' }],
            },
          ],
        },
        {
          context: 'Relief arrived from Beijing.',
          qas: [
            {
              id: 'Sichuan_earthquake-1-0',
              question: 'Where did relief come from?',
              is_impossible: false,
              answers: [{ text: 'Beijing' }],
            },
          ],
        },
      ],
    });
  });

  it('leaves out a question none of whose answers its paragraph holds, and names a page without a title by its file', () => {
    const html = page('', [['Relief arrived from Beijing.', [['Who sent it?', ['Shanghai']]]]]);
    const article = explorerPageToArticle(html, 'Relief');
    expect(article.title).toBe('Relief');
    expect(article.paragraphs[0]?.qas).toEqual([]);
  });
});

describe('explorerToSquad', () => {
  it('makes one article a page, which the fitter reads as a SQuAD v2 set', () => {
    const set = explorerToSquad([
      {
        name: 'A',
        html: page('A', [['Alpha was founded in 1900.', [['When was Alpha founded?', ['1900']]]]]),
      },
      { name: 'B', html: page('B', [['Beta lies in Peru.', [['Where is Beta?', ['Peru']]]]]) },
    ]);
    const parsed = parseSquad(set);
    expect(parsed.documents.map((d) => d.meta.title)).toEqual(['A', 'B']);
    expect(parsed.questions.map((q) => q.answers)).toEqual([['1900'], ['Peru']]);
  });
});
