/**
 * Converts the article pages of rajpurkar/SQuAD-explorer (`explore/1.1/train/*.html` at commit
 * 13f82e3: one page per Wikipedia article, each paragraph in a `<pre>` beside its questions and
 * their answers) into SQuAD v2 JSON, as `npm run fit` reads it. The repository's own
 * `dataset/*.json` files are too large for the mirrors this project can reach; the pages hold the
 * same questions. A question none of whose answers is found in its paragraph is left out.
 * htmlparser2 reads the pages (entities decoded); only the page's structure is ours.
 */
import { Parser } from 'htmlparser2';
import type { SquadV2 } from './qed.ts';

type Paragraph = SquadV2['data'][number]['paragraphs'][number];

/** What the parser is reading the text of. */
type Reading = 'title' | 'context' | 'question' | 'answer' | null;

/** One page's article: its title and paragraphs, each with its questions. */
export function explorerPageToArticle(html: string, name: string): SquadV2['data'][number] {
  let title = '';
  const paragraphs: { context: string; questions: { question: string; answers: string[] }[] }[] =
    [];
  let reading: Reading = null;
  let text = '';
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        const cls = (attrs.class ?? '').split(/\s+/u);
        if (tag === 'h1' && attrs.id === 'title') reading = 'title';
        else if (tag === 'div' && cls.includes('para-wrap'))
          paragraphs.push({ context: '', questions: [] });
        else if (tag === 'pre' && paragraphs.length > 0) reading = 'context';
        else if (tag === 'div' && cls.includes('qa-wrap'))
          paragraphs.at(-1)?.questions.push({ question: '', answers: [] });
        else if (tag === 'strong' && cls.includes('question')) reading = 'question';
        else if (tag === 'span' && cls.includes('answer')) reading = 'answer';
        else return;
        text = '';
      },
      ontext(chunk) {
        if (reading) text += chunk;
      },
      onclosetag(tag) {
        const done =
          (reading === 'title' && tag === 'h1') ||
          (reading === 'context' && tag === 'pre') ||
          (reading === 'question' && tag === 'strong') ||
          (reading === 'answer' && tag === 'span');
        if (!done) return;
        const p = paragraphs.at(-1);
        const q = p?.questions.at(-1);
        if (reading === 'title') title = text.trim();
        else if (reading === 'context' && p) p.context = text;
        else if (reading === 'question' && q) q.question = text.trim();
        else if (reading === 'answer' && q) q.answers.push(text.trim());
        reading = null;
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const article = title || name;
  return {
    title: article,
    paragraphs: paragraphs.map(
      (p, i): Paragraph => ({
        context: p.context,
        qas: p.questions.flatMap((q, k) => {
          const answers = [...new Set(q.answers)].filter((a) => a && p.context.includes(a));
          return q.question && answers.length > 0
            ? [
                {
                  id: `${article}-${i}-${k}`,
                  question: q.question,
                  is_impossible: false as const,
                  answers: answers.map((a) => ({ text: a })),
                },
              ]
            : [];
        }),
      }),
    ),
  };
}

/** The pages (in the order given, usually by file name) as one SQuAD v2 set. */
export function explorerToSquad(pages: readonly { name: string; html: string }[]): SquadV2 {
  return {
    version: 'v2.0',
    data: pages.map((p) => explorerPageToArticle(p.html, p.name)),
  };
}
