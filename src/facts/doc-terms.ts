/**
 * Definitions as documentation writes them, beside the article forms termsIn reads ("Hezbollah
 * is a Lebanese militant group"):
 * - glossary and option lists: `• term: definition`, `• term — definition` (a list item whose
 *   lead is a short term or an identifier);
 * - a heading that names a term, followed by its description (`## server.host` then "Specify
 *   which IP addresses the server should listen on."), on a page cut into sections;
 * - "X is a/an/the …" where X is an identifier or a short lowercase term (`vite preview`,
 *   `optimizeDeps`), which the article rule, reading names only, does not take.
 * Each definition quotes the line or sentence it comes from, verbatim.
 */

import type { Paragraph } from '../corpus/types.ts';
import { tagText } from '../language/nlp.ts';

export interface DocTermHit {
  subject: string;
  value: string;
  /** A sentence of the paragraph, word for word. */
  quote: string;
  /** Where the quote starts in the paragraph's text. */
  offset: number;
}

/** An identifier: dotted, camelCase, snake_case, a flag or a file name. */
const IDENTIFIER =
  /^(?:--?[\p{L}][\w-]*|\.?[\p{L}_$][\w$-]*(?:\.[\p{L}_$][\w$-]*)+|[\p{Ll}_$][\w$]*\p{Lu}[\w$]*|[\p{L}\p{N}]+(?:_[\p{L}\p{N}]+)+|\.[\p{L}][\w-]*)$/u;
/** A short term: at most four words, none a verb of the kind sentences start with. */
const SHORT_TERM = /^[\p{L}\p{N}@.$/_-][\p{L}\p{N}@.$/_ +'’-]{0,60}$/u;
const LIST_ITEM = /^\s*(?:[•☐☑]|\d+\.)\s+(.{1,60}?)\s*(?::|\s[—–-]\s)\s*(.+)$/u;
const COPULA = /^(.{1,50}?)\s+(?:is|are)\s+((?:an?|the)\s.+?)[.!]?$/u;
/** "a good example", "a great way": a judgement, not what the term is. */
export const JUDGEMENT =
  /^(?:an?|the)\s+(?:good|great|bad|better|best|nice|common|simple|quick|easy|useful|big|small)\s+(?:example|idea|way|choice|practice|start|thing|fit)\b/iu;
/** Field labels of reference pages: "Type: string", "Default: 'localhost'" are not definitions. */
const FIELD =
  /^(?:type|default|defaults|since|related|see also|example|examples|note|returns?|params?)$/iu;

function isTerm(text: string): boolean {
  const t = text.trim();
  if (IDENTIFIER.test(t)) return true;
  return SHORT_TERM.test(t) && t.split(/\s+/u).length <= 4 && !/[.!?]$/u.test(t);
}

/** Definitions in one paragraph (see the module comment). */
export function docDefinitions(paragraph: Paragraph): DocTermHit[] {
  const out: DocTermHit[] = [];
  const { text } = paragraph;
  // glossary and option lists: one list item a line
  let lineStart = 0;
  for (const line of text.split('\n')) {
    const m = LIST_ITEM.exec(line);
    if (m) {
      const term = (m[1] ?? '').trim();
      const value = (m[2] ?? '').trim();
      if (
        isTerm(term) &&
        !FIELD.test(term) &&
        value.split(/\s+/u).length >= 3 &&
        describes(value)
      ) {
        const sentence = paragraph.sentences.find(
          (s) => s.start >= lineStart && s.end <= lineStart + line.length,
        );
        if (sentence && text.includes(sentence.text))
          out.push({
            subject: term,
            value: stripEnd(value),
            quote: sentence.text,
            offset: sentence.start,
          });
      }
    }
    lineStart += line.length + 1;
  }
  // "X is a …" for identifiers and lowercase terms
  for (const s of paragraph.sentences) {
    const m = COPULA.exec(s.text);
    if (!m) continue;
    const term = (m[1] ?? '').trim();
    const value = (m[2] ?? '').trim();
    if (
      !(
        IDENTIFIER.test(term) ||
        (/^\p{Ll}/u.test(term) && isTerm(term) && term.split(' ').length <= 3)
      )
    )
      continue;
    if (/^(?:it|this|that|there|which|what|they|these|those|he|she)$/iu.test(term)) continue;
    if (JUDGEMENT.test(value) || value.split(/\s+/u).length < 3) continue;
    out.push({ subject: term, value: stripEnd(value), quote: s.text, offset: s.start });
  }
  // a heading that names a term, then its description: the first sentence that is not a field
  const heading = paragraph.path?.[paragraph.path.length - 1];
  // (a passage under the page's title has no anchor: the title names the page, not a term)
  const kind = heading && paragraph.anchor !== undefined ? headingTerm(heading) : null;
  if (heading && kind) {
    const first = paragraph.sentences.find((s) => {
      const line = lineOf(text, s.start);
      return (
        !/^\s*[•☐☑]\s/u.test(line) && !/^\p{So}/u.test(s.text) && s.text.split(/\s+/u).length >= 4
      );
    });
    // a phrase heading ("Dependency Pre-Bundling") must be what its description starts with
    const named =
      kind === 'identifier' ||
      first?.text
        .toLowerCase()
        .replace(/^(?:an?|the)\s+/u, '')
        .startsWith(heading.toLowerCase());
    if (
      first &&
      named &&
      paragraph.sentences.indexOf(first) <= 2 &&
      !out.some((o) => o.subject === heading)
    )
      out.push({
        subject: heading,
        value: stripEnd(first.text),
        quote: first.text,
        offset: first.start,
      });
  }
  return out;
}

/** A heading that names a thing (`server.host`, `optimizeDeps`, `Dependency Pre-Bundling`), not a question or a task. */
function headingTerm(heading: string): 'identifier' | 'phrase' | null {
  if (IDENTIFIER.test(heading)) return 'identifier';
  if (
    /[?:]/u.test(heading) ||
    /^(?:how|why|what|when|where|using|use|getting|introduction|overview|examples?|usage|notes?)\b/iu.test(
      heading,
    )
  )
    return null;
  return heading.split(/\s+/u).length <= 3 ? 'phrase' : null;
}

/**
 * Whether the words after "term:" describe it, rather than tell the reader to do something
 * ("Discord: Join our server") or report a result ("Ramp: 57% build time reduction").
 */
function describes(value: string): boolean {
  if (/^[\p{N}$~<>+-]/u.test(value)) return false;
  const first = tagText(value).tokens[0];
  return !(first?.pos === 'VERB' && !/(?:ing|ed)$/iu.test(first.value));
}

function lineOf(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  return text.slice(start, end < 0 ? text.length : end);
}

function stripEnd(s: string): string {
  return s.replace(/[.!;:,\s]+$/u, '');
}
