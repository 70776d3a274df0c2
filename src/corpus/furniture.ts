/**
 * Recognises page furniture in a document's blocks: the things a web page or PDF export wraps
 * around the article (title line, photo credits, bylines and author roles, newsletter call-outs,
 * publisher disclaimers) and section headings. No library does this, so it is a small set of
 * rules over the shape and wording of a block, written for English-language publications.
 */
import type { LinkSpan } from './types.ts';

export type BlockRole =
  | 'code'
  | 'title'
  | 'heading'
  | 'body'
  | 'caption'
  | 'credit'
  | 'byline'
  | 'author-role'
  | 'callout'
  | 'disclaimer';

/** A block of text as a format parser found it. */
export interface RawBlock {
  text: string;
  line: number;
  /**
   * What the source format said explicitly (a Markdown heading, an image, a list item), if
   * anything. A `code` block's text is its code; a `table`'s text is its rows, one a line.
   */
  hint?: 'heading' | 'image' | 'emphasis' | 'list-item' | 'code' | 'table' | undefined;
  /** A heading's level (1–6); a list item's nesting (0 at the top). */
  depth?: number | undefined;
  /** A heading's own anchor (`## Title {#id}`), when the source gives one. */
  anchor?: string | undefined;
  /** A list item's marker (`•`, `3.`, `☐`, `☑`), or '' for a later paragraph of the same item. */
  marker?: string | undefined;
  /** A code block's language and label (VitePress `\`\`\`js [vite.config.js]`). */
  lang?: string | null | undefined;
  title?: string | null | undefined;
  /** Links in `text` (offsets into it) with their targets. */
  links?: LinkSpan[] | undefined;
  /** The admonition the block sits in (`::: tip`, `!!! note`, `> [!NOTE]`), if any. */
  callout?: { id: number; kind: string; title: string | null } | undefined;
}

const terminal = /[.!?…"”’)\]]$/u;
const credit =
  /^(?:©|\(c\)|copyright\b|(?:image|photo|picture|illustration|video)s?\s*(?:by|credit|:)|credit\s*:|source\s*:)/iu;
const creditAgency =
  /\b(?:getty images|shutterstock|reuters|ap photo|afp|picture alliance|alamy)\b/iu;
const captionMark = /\((?:photo|image|picture|credit)\b[^)]*\)\s*$/iu;
const disclaimer =
  /\b(?:does not take collective positions|only represent the views|views and opinions expressed|views expressed (?:in|here)|do(?:es)? not necessarily (?:reflect|represent)|for informational purposes only)\b/iu;
const callout =
  /\b(?:subscribe|newsletters?|sign up|join our (?:community|mailing list)|stay connected|follow us on|be the first to know)\b/iu;
// Names must be capitalised: under the `i` flag \p{Lu} matches any letter, and "By default the
// resolver uses…" read as a byline. Only the leading words are case-free.
const byline =
  /^(?:[Aa]uthors?|AUTHORS?|[Bb]y\s+\p{Lu}[\p{L}.'-]*(?:\s+\p{Lu}[\p{L}.'-]*)*|[Ww]ritten by\b.*|[Aa]bout the authors?)$/u;
const role =
  /\b(?:director|professor|fellow|editor|researcher|analyst|correspondent|chair(?:man|woman)?|head of|programme|program|associate|lecturer|advisor|adviser)\b/iu;

function wordCount(s: string): number {
  return s.split(/\s+/u).filter(Boolean).length;
}

/** Short, unpunctuated lines read as headings ("How Europeans should respond"). */
export function looksLikeHeading(text: string): boolean {
  const t = text.trim();
  return (
    t.length > 0 &&
    t.length <= 120 &&
    wordCount(t) <= 14 &&
    !terminal.test(t) &&
    !/[:;,]$/u.test(t) &&
    /^[\p{Lu}\p{N}"“‘']/u.test(t)
  );
}

function isCredit(text: string): boolean {
  const t = text.trim();
  return credit.test(t) || (t.length < 120 && creditAgency.test(t) && !terminal.test(t));
}

/**
 * Assigns a role to every block. `title` is the document title from front matter, if any: a first
 * block equal to it is the title line, and when there is none the first heading-like block is.
 */
export function classifyBlocks(
  blocks: readonly RawBlock[],
  title: string | undefined,
): BlockRole[] {
  const roles: BlockRole[] = [];
  let inAuthorBlock = false;
  let seenBody = false;
  const norm = (s: string) => s.toLowerCase().replace(/\s+/gu, ' ').trim();
  blocks.forEach((block, i) => {
    const text = block.text.trim();
    const next = blocks[i + 1];
    let r: BlockRole;
    if (block.hint === 'code') {
      // code is never furniture nor prose: it goes with the paragraph that introduces it
      roles.push('code');
      return;
    }
    if (
      i === 0 &&
      (title ? norm(text) === norm(title) : block.hint === 'heading' || looksLikeHeading(text))
    ) {
      r = 'title';
    } else if (block.hint === 'image' || isCredit(text)) {
      r = 'credit';
    } else if (
      captionMark.test(text) ||
      (next && isCredit(next.text) && !seenBody && block.hint !== 'heading')
    ) {
      r = 'caption';
    } else if (block.hint === 'emphasis' && blocks[i - 1]?.hint === 'image') {
      r = 'caption';
    } else if (disclaimer.test(text)) {
      r = 'disclaimer';
    } else if (callout.test(text) && text.length < 400) {
      r = 'callout';
    } else if (byline.test(text)) {
      r = 'byline';
      inAuthorBlock = true;
    } else if (inAuthorBlock && !terminal.test(text) && text.length < 160) {
      r = 'author-role';
    } else if (!inAuthorBlock && role.test(text) && looksLikeHeading(text) && /,/u.test(text)) {
      // "Director, Middle East programme": a role line even without a byline above it
      r = 'author-role';
    } else if (
      block.hint === 'heading' ||
      (block.hint !== 'list-item' && block.hint !== 'table' && looksLikeHeading(text))
    ) {
      r = 'heading';
    } else {
      r = 'body';
    }
    if (r === 'body') {
      inAuthorBlock = false;
      seenBody = true;
    }
    roles.push(r);
  });
  return roles;
}
