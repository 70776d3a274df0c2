/**
 * Passage text layout: blocks are lines of `text` ("\n" between them), list items start with
 * their marker (`• `, `2. `, `☐ `) indented two spaces a level, a table is one row a line (cells
 * joined by " | "), an admonition starts with a label line (`💡 Tip`, `⚠️ Warning: Title`).
 * Sentences never cross a line. Code is never in `text`: it sits in `code`, each block at the
 * offset of the text that introduces it.
 */
import { splitSentences } from './sentences.ts';
import type { CalloutSpan, CodeBlock, LinkSpan, Paragraph, Sentence } from './types.ts';

const ICONS: Record<string, string> = {
  note: 'ℹ️',
  info: 'ℹ️',
  tip: '💡',
  hint: '💡',
  success: '💡',
  check: '💡',
  important: '❗',
  warning: '⚠️',
  caution: '⚠️',
  attention: '⚠️',
  danger: '🛑',
  error: '🛑',
  failure: '🛑',
  bug: '🛑',
  details: '▸',
  example: '▸',
  question: '▸',
  abstract: '▸',
  summary: '▸',
  quote: '▸',
};

/** The label line an admonition starts with: its kind's icon, then its title or its kind. */
export function calloutLabel(kind: string, title: string | null): string {
  const icon = ICONS[kind] ?? '▪️';
  const name = kind.charAt(0).toUpperCase() + kind.slice(1);
  return `${icon} ${title ?? name}`;
}

/** One line of passage text: what precedes the prose (marker, icon) and the prose. */
export interface Line {
  prefix: string;
  text: string;
  links: LinkSpan[];
  /** The admonition this line belongs to, and whether it is its label. */
  callout?: { id: number; kind: string; title: string | null } | undefined;
}

/** A code block in a unit, after `after` of the unit's lines (0: before them all). */
export type UnitCode = Omit<CodeBlock, 'at'> & { after: number };

/** A run of lines that stay together, with the code they introduce. */
export interface Unit {
  lines: Line[];
  code: UnitCode[];
  line: number;
}

/**
 * A unit as a passage: its lines laid out as text, with the offsets of its sentences, links,
 * admonitions and code.
 */
export function toParagraph(
  unit: Unit,
  at: { id: string; docSlug: string; n: number; path: string[]; anchor: string | undefined },
): Paragraph {
  let text = '';
  const links: LinkSpan[] = [];
  const callouts: CalloutSpan[] = [];
  const sentences: Sentence[] = [];
  const lineEnds: number[] = [];
  let openId: number | undefined;
  unit.lines.forEach((line, k) => {
    if (k > 0) text += '\n';
    const lineStart = text.length;
    text += line.prefix;
    const prose = text.length;
    text += line.text;
    lineEnds.push(text.length);
    for (const l of line.links) links.push({ ...l, start: l.start + prose, end: l.end + prose });
    const id = line.callout?.id;
    const last = callouts[callouts.length - 1];
    if (line.callout && id === openId && last) last.end = text.length;
    else if (line.callout)
      callouts.push({
        kind: line.callout.kind,
        title: line.callout.title,
        start: lineStart,
        end: text.length,
      });
    openId = id;
    for (const s of splitSentences(line.text))
      sentences.push({ text: s.text, start: s.start + prose, end: s.end + prose });
  });
  const code: CodeBlock[] = unit.code.map(({ after, ...block }) => ({
    ...block,
    at: after <= 0 ? 0 : (lineEnds[Math.min(after, lineEnds.length) - 1] ?? 0),
  }));
  return {
    id: at.id,
    docSlug: at.docSlug,
    n: at.n,
    kind: 'body',
    section: at.path.join(' › '),
    text,
    sentences,
    line: unit.line,
    path: at.path,
    ...(at.anchor ? { anchor: at.anchor } : {}),
    ...(code.length > 0 ? { code } : {}),
    ...(links.length > 0 ? { links } : {}),
    ...(callouts.length > 0 ? { callouts } : {}),
  };
}
