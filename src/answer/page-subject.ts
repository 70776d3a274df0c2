/**
 * The page a passage comes from often names what the passage is about, and so the answer to a
 * question about it: "who plays Meredith Quill in Guardians of the Galaxy 2" over the page "Laura
 * Haddock", whose passage reads "Laura Jane Haddock (born 21 August 1985) is an English actress.
 * She is best known for portraying … Meredith Quill in Guardians of the Galaxy …". The sentence
 * that answers says "She"; the page's title, and the sentence that names it, say who. The short
 * answer's reader reads that sentence too and credits a span by how much of the title it is
 * (`titled`); the fitted model decides what that is worth.
 */
import type { Document, Paragraph } from '../corpus/types.ts';
import { tokenize } from '../language/analyzer.ts';

/** Each paragraph's page title, for the reader (`ShortAnswerOptions.title`). */
export function pageTitles(
  documents: readonly Document[],
): (paragraph: Paragraph) => string | undefined {
  const titles = new Map(documents.map((d) => [d.slug, d.meta.title]));
  return (paragraph) => titles.get(paragraph.docSlug);
}

/** The title's content words as stems; a trailing bracket ("Chilliwack (band)") qualifies the
 * name and is not part of it. Empty without a title. */
export function titleStems(title: string | null | undefined): ReadonlySet<string> {
  if (!title) return new Set();
  return contentStems(title.replace(/\s*\([^()]*\)\s*$/u, ''));
}

/** The stems of a text's content words (no stopwords, no punctuation). */
function contentStems(text: string): Set<string> {
  return new Set(
    tokenize(text)
      .filter((t) => !t.stop && /[\p{L}\p{N}]/u.test(t.surface))
      .map((t) => t.stem),
  );
}

/** How much a span is the page's title: Dice overlap of their content words, 0..1. */
export function titleShare(text: string, title: ReadonlySet<string>): number {
  if (title.size === 0) return 0;
  const span = contentStems(text);
  if (span.size === 0) return 0;
  let shared = 0;
  for (const s of span) if (title.has(s)) shared++;
  return (2 * shared) / (span.size + title.size);
}

/** How far into a passage its subject is looked for: a page names what it is about at once. */
const SUBJECT_WITHIN = 3;

/**
 * The first sentence naming the page's subject (at least half the title's words) among the
 * passage's first few, or null: the sentence a later "She" or "It" stands on.
 */
export function subjectSentence(
  sentences: readonly { text: string }[],
  title: ReadonlySet<string>,
): number | null {
  if (title.size === 0) return null;
  for (let i = 0; i < Math.min(sentences.length, SUBJECT_WITHIN); i++) {
    const stems = new Set(tokenize(sentences[i]?.text ?? '').map((t) => t.stem));
    let held = 0;
    for (const s of title) if (stems.has(s)) held++;
    if (held * 2 >= title.size) return i;
  }
  return null;
}
