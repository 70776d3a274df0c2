import { z } from 'zod';
import { ask } from '../answer/ask.ts';
import { agreeWithKeyFacts } from '../answer/key-facts.ts';
import { pageTitles } from '../answer/page-subject.ts';
import { extractShortAnswer } from '../answer/short.ts';
import type { Answer } from '../answer/types.ts';
import { slugify } from '../corpus/document.ts';
import { splitSentences } from '../corpus/sentences.ts';
import type { Document } from '../corpus/types.ts';
import { FactStore } from '../facts/index.ts';
import { classifyQuestion } from '../language/question.ts';
import { SearchIndex } from '../search/index.ts';
import { meaningFrom } from '../search/meaning-sources.ts';
import { rank } from '../search/rank.ts';
import type { Semantics } from '../semantics/index.ts';
import { containsAnswer, round } from './match.ts';
import { exactMatch, f1Score, maxOverGold } from './squad-metric.ts';

const SquadFile = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              question: z.string(),
              is_impossible: z.boolean().optional(),
              answers: z.array(z.object({ text: z.string() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export interface SquadQuestion {
  question: string;
  answers: string[];
  /** Index of the question's own paragraph in `paragraphs`. */
  paragraph: number;
}

export interface SquadSet {
  documents: Document[];
  /** Every context, in document order (the same order as the index's entries). */
  contexts: { title: string; text: string }[];
  questions: SquadQuestion[];
  /** SQuAD 2.0's unanswerable questions, each with the paragraph it was written against. */
  unanswerable: SquadQuestion[];
}

/** Reads a SQuAD v2 file: every context a paragraph (document = article), answerable questions only. */
export function parseSquad(json: unknown): SquadSet {
  const data = SquadFile.parse(json).data;
  const documents: Document[] = [];
  const contexts: { title: string; text: string }[] = [];
  const questions: SquadQuestion[] = [];
  const unanswerable: SquadQuestion[] = [];
  for (const article of data) {
    const slug = slugify(article.title);
    const paragraphs = article.paragraphs.map((p, i) => {
      const index = contexts.length;
      contexts.push({ title: article.title, text: p.context });
      for (const qa of p.qas) {
        if (qa.is_impossible) {
          unanswerable.push({ question: qa.question, answers: [], paragraph: index });
          continue;
        }
        if (qa.answers.length === 0) continue;
        questions.push({
          question: qa.question,
          answers: qa.answers.map((a) => a.text),
          paragraph: index,
        });
      }
      return {
        id: `${slug}#p${i + 1}`,
        docSlug: slug,
        n: i + 1,
        kind: 'body' as const,
        section: null,
        text: p.context,
        sentences: splitSentences(p.context),
        line: 1,
      };
    });
    documents.push({
      slug,
      path: `${slug}.json`,
      meta: { title: article.title },
      sections: [],
      paragraphs,
    });
  }
  return { documents, contexts, questions, unanswerable };
}

export interface RetrievalScore {
  recallAt1: number;
  recallAt3: number;
  mrr: number;
}

/** Scores a ranker that returns context indexes best first. */
export function scoreRetrieval(
  questions: readonly SquadQuestion[],
  search: (question: string, q: SquadQuestion) => number[],
): RetrievalScore {
  let r1 = 0;
  let r3 = 0;
  let rr = 0;
  for (const q of questions) {
    const ranked = search(q.question, q).slice(0, 10);
    const at = ranked.indexOf(q.paragraph);
    if (at === 0) r1++;
    if (at >= 0 && at < 3) r3++;
    if (at >= 0) rr += 1 / (at + 1);
  }
  const n = questions.length || 1;
  return { recallAt1: round(r1 / n), recallAt3: round(r3 / n), mrr: round(rr / n) };
}

/** SQuAD's answer metrics averaged over questions: exact match and token F1, max over the gold answers. */
export interface AnswerScore {
  /** Over every question (none given scores 0). */
  em: number;
  f1: number;
  /** Share of questions given an answer, and EM/F1 over those alone (what a reader of a shown answer gets). */
  given: number;
  givenEm: number;
  givenF1: number;
}

/** Scores predicted answers (null: none given, scored 0) with the official metrics. */
export function scoreAnswers(
  questions: readonly SquadQuestion[],
  predict: (q: SquadQuestion) => string | null,
): AnswerScore {
  let em = 0;
  let f1 = 0;
  let given = 0;
  for (const q of questions) {
    const p = predict(q);
    if (p !== null) given++;
    em += maxOverGold(exactMatch, p, q.answers);
    f1 += maxOverGold(f1Score, p, q.answers);
  }
  const n = questions.length || 1;
  return {
    em: round(em / n),
    f1: round(f1 / n),
    given: round(given / n),
    givenEm: round(em / (given || 1)),
    givenF1: round(f1 / (given || 1)),
  };
}

/** Share of unanswerable questions declined, and how many were asked. */
export interface DeclineScore {
  questions: number;
  declined: number;
}

/** The share of answers that are not answers. */
function declinedShare(answers: readonly Answer[]): number {
  return answers.filter((a) => a.status !== 'answered').length / (answers.length || 1);
}

/**
 * Our retrieval over a SQuAD set: paragraph recall, MRR@10, answer-sentence hit@1, and the short
 * answer both from each question's own paragraph and from the paragraph ranked first (with the
 * ranker's answering sentence first and the question's words as retrieval expanded them).
 */
export function evaluateSquad(
  set: SquadSet,
  semantics: Semantics | null = null,
  /** ask()'s answer threshold (ANSWER_THRESHOLD); default the decision model's. */
  answerThreshold?: number,
  /** ask()'s short-answer threshold (SHORT_ANSWER_THRESHOLD); default SHORT_ANSWER_MIN. */
  shortThreshold?: number,
): RetrievalScore & {
  paragraphs: number;
  questions: number;
  sentenceHitAt1: number;
  shortAnswer: AnswerScore;
  endToEnd: AnswerScore;
  falseDecline: number;
  unanswerable: DeclineScore;
} {
  const index = SearchIndex.build(set.documents, []);
  if (semantics) index.useMeaning(meaningFrom(semantics));
  const paragraphs = set.documents.flatMap((d) => d.paragraphs);
  let sentenceHits = 0;
  const score = scoreRetrieval(set.questions, (question, q) => {
    const hits = rank(index, index.analyze(question), { limit: 10 });
    const top = hits[0];
    if (top) {
      const sentence = index.entries[top.index]?.paragraph.sentences[top.sentence]?.text ?? '';
      if (containsAnswer(sentence, q.answers)) sentenceHits++;
    }
    return hits.map((h) => h.index);
  });
  const titleOf = pageTitles(set.documents);
  const shortAnswer = scoreAnswers(set.questions, (q) => {
    const paragraph = paragraphs[q.paragraph];
    if (!paragraph) return null;
    return (
      extractShortAnswer(q.question, classifyQuestion(q.question), paragraph, {
        title: titleOf(paragraph),
      })?.text ?? null
    );
  });
  // exactly what the engine's ask shows: its decision, and its short answer when it is sure of
  // one and the key facts listed under it do not say otherwise
  const engine = {
    index,
    facts: FactStore.fromCorpus({ documents: set.documents, paragraphs }, [], { index }),
  };
  const askAll = (qs: readonly SquadQuestion[]) =>
    new Map(
      qs.map((q) => [
        q,
        agreeWithKeyFacts(
          engine,
          q.question,
          ask(index, q.question, { answerThreshold, shortThreshold }),
        ),
      ]),
    );
  const asked = askAll(set.questions);
  const endToEnd = scoreAnswers(set.questions, (q) => asked.get(q)?.short?.text ?? null);
  return {
    paragraphs: set.contexts.length,
    questions: set.questions.length,
    ...score,
    sentenceHitAt1: round(sentenceHits / (set.questions.length || 1)),
    shortAnswer,
    endToEnd,
    // what ask() decides: answerable questions it declines, SQuAD 2.0's unanswerable ones it declines
    falseDecline: round(declinedShare([...asked.values()])),
    unanswerable: {
      questions: set.unanswerable.length,
      declined: round(declinedShare([...askAll(set.unanswerable).values()])),
    },
  };
}
