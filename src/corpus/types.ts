/** A sentence of a paragraph; `start`/`end` are UTF-16 offsets into `Paragraph.text`. */
export interface Sentence {
  text: string;
  start: number;
  end: number;
}

/**
 * Body paragraphs answer questions; captions carry facts too but are cited as captions; notes
 * (a publisher's disclaimer, an author's role) answer questions about the document itself and
 * carry no facts.
 */
export type ParagraphKind = 'body' | 'caption' | 'note';

/**
 * One answerable unit of a document. `id` is `<doc-slug>#p<n>`, where n counts the
 * answerable paragraphs (body and caption) of the document in order, starting at 1, and then
 * its notes.
 */
export interface Paragraph {
  id: string;
  docSlug: string;
  n: number;
  kind: ParagraphKind;
  /** Heading the paragraph sits under, or null before the first heading. */
  section: string | null;
  text: string;
  sentences: Sentence[];
  /** 1-based line in the source file where the paragraph starts (for a PDF, its page). */
  line: number;
  /** PDF only: the 1-based page the paragraph starts on, for citations ("p. 4"). */
  page?: number | undefined;
  /** The anchor (HTML id) of the heading the paragraph sits under, for links to `url#anchor`. */
  anchor?: string | undefined;
  /** Code blocks the paragraph introduces, in order, each placed at an offset of `text`. */
  code?: CodeBlock[] | undefined;
}

/** A code block kept as code: never part of `text`, never split mid-line. */
export interface CodeBlock {
  /** Its language (`js`, `bash`, from `class="language-js"`), or null. */
  lang: string | null;
  /** A label some generators give a block (a file name), or null. */
  title: string | null;
  /** The code; lines end with "\n" except the last. */
  text: string;
  /** The offset of `Paragraph.text` the block follows (the end of the prose that introduces it). */
  at: number;
  /** 1-based source line of the block's first code line (for a PDF, its page). */
  line: number;
}

export interface DocumentMeta {
  title: string;
  publisher?: string | undefined;
  url?: string | undefined;
  /** ISO date (YYYY or YYYY-MM or YYYY-MM-DD) as given in the front matter. */
  published?: string | undefined;
  authors?: string[] | undefined;
  language?: string | undefined;
}

export interface Document {
  slug: string;
  /** Path relative to the corpus directory, e.g. `going-ballistic.md`. */
  path: string;
  meta: DocumentMeta;
  /** Section headings in order of appearance. */
  sections: string[];
  paragraphs: Paragraph[];
}

/**
 * A problem found while loading the corpus: reported as `path:line: reason`, or `path: reason`
 * when it concerns the file as a whole (its size, a broken link), not a line in it.
 */
export interface CorpusProblem {
  path: string;
  /** 1-based line, or 0 for the file as a whole. */
  line: number;
  reason: string;
}

export interface Corpus {
  /** Absolute or cwd-relative directory the corpus was read from. */
  dir: string;
  documents: Document[];
  paragraphs: Paragraph[];
  byId: ReadonlyMap<string, Paragraph>;
  problems: CorpusProblem[];
}

export function formatProblem(p: CorpusProblem): string {
  return p.line > 0 ? `${p.path}:${p.line}: ${p.reason}` : `${p.path}: ${p.reason}`;
}
