/**
 * A reply's blocks (text, quoted passages, lists, notices) and citations as Discord Markdown, each
 * within the room it is given; all text taken from documents or users is escaped.
 */
import { paragraphPlace } from '../../answer/present.ts';
import type { Block, Citation, ListItem } from '../../answer/reply.ts';
import { codeAllowance, cutHead } from '../text.ts';
import { escapeMarkdown, fitSpans, fitText, safeUrl, truncate } from './text.ts';

/** Ours: how long a quoted passage may get before it is shortened around its bold sentence. */
export const PASSAGE_MAX = 700;
/** Ours: document titles in citations are shortened to this, so a citation stays one line. */
export const CITATION_TITLE_MAX = 48;
const LIST_ITEM_MAX = 300;
/** Ours: how much longer a passage may get for the code it shows. */
export const CODE_EXTRA = 600;

/**
 * A citation as one line: `[1] Going ballistic: How Europeans can respond… — ECFR, ¶2 <url>`.
 * Captions say so ("caption ¶1"); the section is named when there is one, a PDF's page too ("¶2, p. 4").
 */
export function citationLine(c: Citation, index?: number): string {
  const title =
    c.documentTitle.length > CITATION_TITLE_MAX
      ? `${cutHead(c.documentTitle, CITATION_TITLE_MAX - 1).trimEnd()}…`
      : c.documentTitle;
  const where = [
    c.publisher ? escapeMarkdown(truncate(c.publisher, 64)) : null,
    c.section ? escapeMarkdown(truncate(c.section, 64)) : null,
    paragraphPlace(c),
  ]
    .filter((s): s is string => s !== null && s !== '')
    .join(', ');
  const url = safeUrl(c.url);
  const lead = index === undefined ? '' : `[${index}] `;
  return `${lead}${escapeMarkdown(title)} — ${where}${url ? ` ${url}` : ''}`;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function listItemLine(item: ListItem): string {
  const label = item.label.trim() === '' ? '' : `**${fitText(item.label, 100)}** — `;
  const cite = item.citation ? ` · *${citationLine(item.citation)}*` : '';
  const lead = item.n === undefined ? '•' : `\\[${item.n}]`;
  return `${lead} ${label}${fitText(item.text, LIST_ITEM_MAX)}${cite}`;
}

/** One block as Markdown, at most `max` code units. */
function blockMarkdown(block: Block, max: number): string {
  switch (block.type) {
    case 'text':
      return fitSpans(block.spans, max);
    case 'passage': {
      const cite = citationLine(block.citation, block.index);
      const room = Math.max(
        0,
        Math.min(PASSAGE_MAX + codeAllowance(block.spans, CODE_EXTRA), max - cite.length - 4),
      );
      const body = quote(fitSpans(block.spans, room));
      return truncate(`${body}\n${cite}`, max);
    }
    case 'list': {
      const title = fitText(block.title.replace(/\s+/g, ' '), 200).trim();
      const lines = title === '' ? [] : [`**${title}**`];
      let used = title.length + 4;
      for (const [i, item] of block.items.entries()) {
        const line = listItemLine(item);
        if (used + 1 + line.length > max - 40) {
          lines.push(`*…and ${block.items.length - i} more*`);
          break;
        }
        lines.push(line);
        used += 1 + line.length;
      }
      return truncate(lines.join('\n'), max);
    }
    case 'notice':
      return `${block.tone === 'warning' ? '⚠️' : 'ℹ️'} ${fitText(block.text, Math.max(0, max - 3))}`;
  }
}

/** Joins whole blocks while they fit in `max`; a block that does not fit is shortened or dropped. */
export function packBlocks(blocks: readonly Block[], max: number, warnings: string[]): string {
  const parts: string[] = [];
  let used = 0;
  for (const [i, block] of blocks.entries()) {
    const sep = parts.length === 0 ? 0 : 2;
    const room = max - used - sep;
    if (room < 80) {
      warnings.push(`dropped ${blocks.length - i} block(s) over the length limit`);
      break;
    }
    const text = blockMarkdown(block, room);
    if (text.trim() === '') continue;
    parts.push(text);
    used += sep + text.length;
  }
  return parts.join('\n\n');
}
