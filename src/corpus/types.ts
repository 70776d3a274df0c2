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
  /**
   * Documentation only (absent on articles): the headings above the passage, outermost first,
   * after the document's folders (`['Guide', 'Env Variables and Modes', '.env Files']`);
   * `section` is this path joined with ' › '.
   */
  path?: string[] | undefined;
  /** The anchor (HTML id) of the heading the passage sits under, for links to `url#anchor`. */
  anchor?: string | undefined;
  /** Code blocks the passage introduces, in order, each placed at an offset of `text`. */
  code?: CodeBlock[] | undefined;
  /** Links in `text`: the text shows the link's words, `href` keeps its target. */
  links?: LinkSpan[] | undefined;
  /** Admonitions (`::: tip`, `!!! note`, `> [!NOTE]`) in `text`, by kind. */
  callouts?: CalloutSpan[] | undefined;
}

/** A fenced, indented, HTML or PDF code block, kept as code: never part of `text`, never split mid-line. */
export interface CodeBlock {
  /** Its language (`js`, `bash`: a fence's, or `class="language-js"`), or null. */
  lang: string | null;
  /** A label some generators give a block (VitePress `\`\`\`js [vite.config.js]`, a file name), or null. */
  title: string | null;
  /** The code, without its fence; lines end with "\n" except the last. */
  text: string;
  /** The offset of `Paragraph.text` the block follows (the end of the prose that introduces it). */
  at: number;
  /** 1-based source line of the block's first code line (for a PDF, its page). */
  line: number;
}

/** A link inside `Paragraph.text`: offsets of its words, and where it points (as written). */
export interface LinkSpan {
  start: number;
  end: number;
  href: string;
}

/** An admonition inside `Paragraph.text`, from its label line to its last line. */
export interface CalloutSpan {
  /** Lowercase kind as written: tip, note, info, warning, danger, caution, important, details… */
  kind: string;
  title: string | null;
  start: number;
  end: number;
}

export interface DocumentMeta {
  title: string;
  publisher?: string | undefined;
  url?: string | undefined;
  /** ISO date (YYYY or YYYY-MM or YYYY-MM-DD) as given in the front matter. */
  published?: string | undefined;
  authors?: string[] | undefined;
  language?: string | undefined;
  /** A site generator's page summary (front matter `description`). */
  description?: string | undefined;
  tags?: string[] | undefined;
  /**
   * The page's path on its site as the front matter gives it (`permalink`, a Docusaurus `slug:
   * /intro`, a Hugo `url: /about/`), used with the corpus's `base_url`.
   */
  permalink?: string | undefined;
}

export interface Document {
  slug: string;
  /** Path relative to the corpus directory, e.g. `going-ballistic.md`. */
  path: string;
  meta: DocumentMeta;
  /** Section headings in order of appearance. */
  sections: string[];
  paragraphs: Paragraph[];
  /**
   * What `corpus:check` lists as notes for this document, never as problems: front matter keys
   * ignored, include directives skipped (absent when there is nothing to say).
   */
  notes?: DocumentNote[] | undefined;
  /** How the document was cut into passages (see passages.ts); absent means 'paragraphs'. */
  passages?: 'paragraphs' | 'sections' | undefined;
}

/** A note about a document, at a 1-based source line (0 for the file as a whole). */
export interface DocumentNote {
  line: number;
  reason: string;
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
