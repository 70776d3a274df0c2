/**
 * Converts Natural Questions examples as google-research-datasets/QED publishes them (one JSON
 * object a line: `question_text`, `title_text`, `paragraph_text`, `answer_text`) into SQuAD v2
 * JSON, as `npm run fit` reads it: one article per Wikipedia title (in order of first
 * appearance), each distinct paragraph once, each question under its own paragraph with its
 * answer texts. An example without an answer, or with a blank question, is left out.
 */
export interface QedExample {
  question_text: string;
  title_text: string;
  paragraph_text: string;
  answer_text: string[];
}

export interface SquadV2 {
  version: 'v2.0';
  data: {
    title: string;
    paragraphs: {
      context: string;
      qas: {
        id: string;
        question: string;
        /** SQuAD 2.0's unanswerable question (WikiQA's with no answering sentence). */
        is_impossible: boolean;
        answers: { text: string }[];
      }[];
    }[];
  }[];
}

/** Parses QED's JSON lines and converts them (see above); a bad line is an error naming it. */
export function qedToSquad(text: string): SquadV2 {
  const articles = new Map<string, Map<string, SquadV2['data'][number]['paragraphs'][number]>>();
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let row: Partial<QedExample> & { example_id?: unknown };
    try {
      row = JSON.parse(line) as typeof row;
    } catch {
      throw new Error(`qed: line ${i + 1}: not valid JSON`);
    }
    const { question_text: q, title_text: title, paragraph_text: context } = row;
    if (typeof q !== 'string' || typeof title !== 'string' || typeof context !== 'string')
      throw new Error(`qed: line ${i + 1}: expected question_text, title_text, paragraph_text`);
    const answers = (row.answer_text ?? []).filter((a) => typeof a === 'string' && a.trim());
    if (q.trim() === '' || answers.length === 0) return;
    let paragraphs = articles.get(title);
    if (!paragraphs) {
      paragraphs = new Map();
      articles.set(title, paragraphs);
    }
    let paragraph = paragraphs.get(context);
    if (!paragraph) {
      paragraph = { context, qas: [] };
      paragraphs.set(context, paragraph);
    }
    paragraph.qas.push({
      id: String(row.example_id ?? `line${i + 1}`),
      question: q,
      is_impossible: false,
      answers: answers.map((a) => ({ text: a })),
    });
  });
  return {
    version: 'v2.0',
    data: [...articles].map(([title, paragraphs]) => ({
      title,
      paragraphs: [...paragraphs.values()],
    })),
  };
}
