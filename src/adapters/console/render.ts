import { citationText } from '../../answer/present.ts';
import type { Action, Block, Reply, Span } from '../../answer/reply.ts';

export interface TextStyle {
  bold(s: string): string;
  dim(s: string): string;
}

/** Without a terminal, emphasis is written as Markdown's ** so it survives a pipe. */
export const plainStyle: TextStyle = { bold: (s) => `**${s}**`, dim: (s) => s };
export const ansiStyle: TextStyle = {
  bold: (s) => `\x1b[1m${s}\x1b[22m`,
  dim: (s) => `\x1b[2m${s}\x1b[22m`,
};

// Terminal control sequences in document or user text must not reach the terminal.
const CONTROL = /(?![\n\t])\p{Cc}/gu;
const clean = (s: string) => s.replace(CONTROL, '');

/**
 * Renders a Reply as terminal text: passages with the answering sentence emphasised and a
 * numbered citation like `[1] Going ballistic: How Europeans can respond… — ECFR, ¶2`.
 */
export function renderText(reply: Reply, style: TextStyle = plainStyle): string {
  if (reply.kind === 'error') return `! ${clean(reply.text)}`;
  const out: string[] = [];
  if (reply.title) out.push(clean(reply.title), '');
  const citations: string[] = [];
  for (const block of reply.blocks) out.push(...renderBlock(block, style, citations), '');
  if (citations.length > 0) out.push(...citations, '');
  const hints = reply.actions
    .filter((a) => !a.disabled && a.id.startsWith('source:') && !a.id.startsWith('source:none'))
    .map((a) => `${a.label}: /source ${a.id.replace(/^source:(open:)?/u, '')}`);
  const buttons = pressableButtons(reply).map(
    (a, i) => `${i + 1} ${a.emoji ? `${a.emoji} ` : ''}${a.label}`,
  );
  if (buttons.length > 0) hints.push(`Press ${buttons.join(' · ')} (type the number)`);
  if (hints.length > 0) out.push(style.dim(hints.join('   ')));
  if (reply.footer) out.push(style.dim(clean(reply.footer)));
  return out.join('\n').trimEnd();
}

/**
 * The buttons a terminal user can press by typing their number: those not shown as a /source
 * hint, minus sharing and voting, which mean nothing in a private terminal.
 */
export function pressableButtons(reply: Reply): Action[] {
  if (reply.kind !== 'message') return [];
  return reply.actions.filter(
    (a) => !a.disabled && !a.id.startsWith('source:') && !/^ask:(share|up|down):/u.test(a.id),
  );
}

function spans(list: readonly Span[], style: TextStyle): string {
  return list.map((s) => (s.bold ? style.bold(clean(s.text)) : clean(s.text))).join('');
}

function renderBlock(block: Block, style: TextStyle, citations: string[]): string[] {
  switch (block.type) {
    case 'text':
      return [spans(block.spans, style)];
    case 'passage':
      citations.push(
        `[${block.index}] ${clean(citationText(block.citation))}${block.citation.url ? ` <${clean(block.citation.url)}>` : ''}`,
      );
      return [`[${block.index}] ${spans(block.spans, style)}`];
    case 'list':
      return [
        clean(block.title),
        ...block.items.map((item) => {
          const cite = item.citation
            ? style.dim(` (${clean(citationText(item.citation))} · ${item.citation.paragraphId})`)
            : '';
          return `  • ${item.label ? `${clean(item.label)}: ` : ''}${clean(item.text)}${cite}`;
        }),
      ];
    case 'notice':
      return [`${block.tone === 'warning' ? '⚠' : 'ℹ'} ${clean(block.text)}`];
  }
}
