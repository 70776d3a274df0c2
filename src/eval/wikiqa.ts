/**
 * Converts WikiQA (Yang, Yih and Meek 2015: real Bing queries, each with the summary of the
 * Wikipedia page a user clicked, sentence by sentence, each labelled as answering it or not) into
 * SQuAD v2 JSON, as `eval --squad` reads it: one article per page title, the page's summary (its
 * sentences joined) one paragraph, each question under it with its first answering sentence as
 * the answer; a question none of whose sentences answers it is one of SQuAD 2.0's unanswerable
 * kind (`is_impossible`), a real user's near miss. The file is WikiQA's own tab-separated form
 * (`WikiQA-train.tsv`, `-dev`, `-test`: a header of QuestionID, Question, DocumentID,
 * DocumentTitle, SentenceID, Sentence, Label, then one sentence a line, no quoting), read by
 * splitting on tabs: its fields hold no tab or newline, which is all a TSV reader would add here.
 */
import type { SquadV2 } from './qed.ts';

const COLUMNS = ['QuestionID', 'Question', 'DocumentTitle', 'SentenceID', 'Sentence', 'Label'];

/**
 * Parses WikiQA's TSV and converts it (see above); a missing column or a bad label is an error
 * naming the line.
 *
 * @example wikiqaToSquad('QuestionID\tQuestion\tDocumentID\tDocumentTitle\tSentenceID\tSentence\tLabel\nQ1\twho?\tD1\tPage\tD1-0\tAnn did.\t1\n').data[0]?.title // 'Page'
 */
export function wikiqaToSquad(tsv: string): SquadV2 {
  const lines = tsv.split(/\r?\n/u);
  const header = (lines[0] ?? '').split('\t');
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)]));
  const missing = COLUMNS.filter((c) => (at[c] ?? -1) < 0);
  if (missing.length > 0) throw new Error(`wikiqa: line 1: no column ${missing.join(', ')}`);
  // each page's sentences in order, and each question's page and answering sentences
  const pages = new Map<string, Map<string, string>>();
  const questions = new Map<string, { question: string; page: string; answers: string[] }>();
  lines.slice(1).forEach((line, i) => {
    if (line.trim() === '') return;
    const cells = line.split('\t');
    const cell = (c: string) => cells[at[c] ?? -1] ?? '';
    const label = cell('Label').trim();
    if (label !== '0' && label !== '1')
      throw new Error(`wikiqa: line ${i + 2}: Label is "${label}", expected 0 or 1`);
    const page = cell('DocumentTitle').trim();
    const sentence = cell('Sentence').trim();
    let sentences = pages.get(page);
    if (!sentences) {
      sentences = new Map();
      pages.set(page, sentences);
    }
    sentences.set(cell('SentenceID'), sentence);
    const id = cell('QuestionID');
    let q = questions.get(id);
    if (!q) {
      q = { question: cell('Question').trim(), page, answers: [] };
      questions.set(id, q);
    }
    if (label === '1' && sentence !== '') q.answers.push(sentence);
  });
  const asked = new Map<string, SquadV2['data'][number]['paragraphs'][number]['qas']>();
  for (const [id, q] of questions) {
    if (q.question === '') continue;
    const qas = asked.get(q.page) ?? [];
    qas.push({
      id,
      question: q.question,
      is_impossible: q.answers.length === 0,
      answers: q.answers.slice(0, 1).map((text) => ({ text })),
    });
    asked.set(q.page, qas);
  }
  return {
    version: 'v2.0',
    data: [...pages].map(([title, sentences]) => ({
      title,
      paragraphs: [{ context: [...sentences.values()].join(' '), qas: asked.get(title) ?? [] }],
    })),
  };
}
