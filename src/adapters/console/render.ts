import { type ButtonValue, parseButton } from '../../answer/buttons.ts';
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

// Terminal control sequences in document or user text must not reach the terminal, nor the
// invisible format characters (Unicode Cf: bidi overrides and isolates, zero-width spaces and
// joiners, BOM…) that reorder or hide what is shown. A zero-width joiner inside an emoji
// sequence (👩‍💻) is kept: there it is part of the picture.
const CONTROL = /(?![\n\t])\p{Cc}/gu;
const INVISIBLE = /\p{Cf}|\u034F|\u180E/gu;
const PICTOGRAPH_BEFORE = /\p{Extended_Pictographic}\uFE0F?$/u;
const PICTOGRAPH_AFTER = /^\p{Extended_Pictographic}/u;
const clean = (s: string) =>
  s
    .toWellFormed()
    .replace(CONTROL, '')
    .replace(INVISIBLE, (c, at: number, all: string) =>
      c === '\u200D' &&
      PICTOGRAPH_BEFORE.test(all.slice(Math.max(0, at - 3), at)) &&
      PICTOGRAPH_AFTER.test(all.slice(at + 1, at + 3))
        ? c
        : '',
    );

export interface TextRenderOptions {
  /**
   * Where each of the reply's pictures was saved (in order), or null for one that was not: the
   * terminal shows the path, or the picture's alt text when there is none.
   */
  pictures?: readonly (string | null)[];
}

/**
 * Renders a Reply as terminal text: passages with the answering sentence emphasised and a
 * numbered citation like `[1] Going ballistic: How Europeans can respond… — ECFR, ¶2`.
 */
export function renderText(
  reply: Reply,
  style: TextStyle = plainStyle,
  options: TextRenderOptions = {},
): string {
  if (reply.kind === 'error') return `! ${clean(reply.text)}`;
  const out: string[] = [];
  if (reply.title) out.push(clean(reply.title), '');
  const citations: string[] = [];
  for (const block of reply.blocks) out.push(...renderBlock(block, style, citations), '');
  if (citations.length > 0) out.push(...citations, '');
  for (const [i, picture] of (reply.attachments ?? []).entries()) {
    const path = options.pictures?.[i];
    out.push(path ? `Picture: ${clean(path)}` : `Picture (not saved): ${clean(picture.alt)}`, '');
  }
  const hints = reply.actions.flatMap((a) => {
    const value = a.disabled ? null : buttonValueOf(a);
    return value?.command === 'source' && (value.action === 'page' || value.action === 'open')
      ? [`${clean(a.label)}: /source ${clean(value.paragraphId)}`]
      : [];
  });
  const buttons = pressableButtons(reply).map(
    (a, i) => `${i + 1} ${a.emoji ? `${clean(a.emoji)} ` : ''}${clean(a.label)}`,
  );
  if (buttons.length > 0) hints.push(`Press ${buttons.join(' · ')} (type the number)`);
  if (hints.length > 0) out.push(style.dim(hints.join('   ')));
  if (reply.footer) out.push(style.dim(clean(reply.footer)));
  return out.join('\n').trimEnd();
}

/**
 * The buttons a terminal user can press by typing their number: those not shown as a /source
 * hint, minus sharing and voting (of answers, timelines), which mean nothing in a private terminal.
 */
export function pressableButtons(reply: Reply): Action[] {
  if (reply.kind !== 'message') return [];
  return reply.actions.filter((a) => {
    const value = a.disabled ? null : buttonValueOf(a);
    if (value === null || value.command === 'source') return false;
    return value.action !== 'share' && value.action !== 'vote';
  });
}

function buttonValueOf(action: Action): ButtonValue | null {
  const parsed = parseButton(action.id);
  return parsed.ok ? parsed.value : null;
}

/** Spans as terminal text; a code block as a fence on lines of its own, dimmed on a terminal. */
function spans(list: readonly Span[], style: TextStyle): string {
  let out = '';
  list.forEach((s, i) => {
    if (!s.code) {
      out += s.bold ? style.bold(clean(s.text)) : clean(s.text);
      return;
    }
    if (out !== '' && !out.endsWith('\n')) out += '\n';
    const tag = (s.lang ?? '').replace(/[^\w+#-]/gu, '');
    out += style.dim(`\`\`\`${tag}\n${clean(s.text)}\n\`\`\``);
    const next = list[i + 1];
    if (next && !next.text.startsWith('\n')) out += '\n';
  });
  return out;
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
          const lead = item.n === undefined ? '•' : `[${item.n}]`;
          return `  ${lead} ${item.label ? `${clean(item.label)}: ` : ''}${clean(item.text)}${cite}`;
        }),
      ];
    case 'notice':
      return [`${block.tone === 'warning' ? '⚠' : 'ℹ'} ${clean(block.text)}`];
  }
}
