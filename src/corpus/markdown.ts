import { Lexer, type Token, type Tokens } from 'marked';
import type { RawBlock } from './furniture.ts';

/**
 * Blocks of a Markdown body, from marked's lexer: headings, paragraphs, list items and block
 * quotes become blocks; code, tables' markup and raw HTML do not. Inline markup is reduced to
 * its text. `line` is the source line each block starts on.
 */
export function markdownBlocks(body: string, lineOffset: number): RawBlock[] {
  const tokens = new Lexer({ gfm: true }).lex(body.replace(/\r\n?/gu, '\n'));
  const blocks: RawBlock[] = [];
  let offset = 0;
  const lineAt = (pos: number) => lineOffset + 1 + countNewlines(body, pos);
  for (const token of tokens) {
    const start = body.indexOf(token.raw, offset);
    const at = start < 0 ? offset : start;
    // the lexer keeps leading blank lines inside raw; the block starts at its first non-blank line
    const lead = token.raw.length - token.raw.trimStart().length;
    collect(token, lineAt(at + lead), blocks);
    offset = at + token.raw.length;
  }
  return blocks.filter((b) => b.text.trim() !== '');
}

function collect(token: Token, line: number, out: RawBlock[]): void {
  switch (token.type) {
    case 'heading':
      out.push({ text: inline((token as Tokens.Heading).tokens), line, hint: 'heading' });
      return;
    case 'paragraph': {
      const p = token as Tokens.Paragraph;
      const only = p.tokens.filter(
        (t) => !(t.type === 'text' && t.raw.trim() === '') && t.type !== 'br',
      );
      // "![alt](img)" with its "*caption*" on the very next line is one Markdown paragraph
      if (
        only.length === 2 &&
        only[0]?.type === 'image' &&
        (only[1]?.type === 'em' || only[1]?.type === 'strong')
      ) {
        out.push({ text: inline([only[0]]), line, hint: 'image' });
        out.push({ text: inline([only[1]]), line: line + 1, hint: 'emphasis' });
        return;
      }
      const hint =
        only.length === 1 && only[0]?.type === 'image'
          ? 'image'
          : only.length === 1 && (only[0]?.type === 'em' || only[0]?.type === 'strong')
            ? 'emphasis'
            : undefined;
      out.push({ text: inline(p.tokens), line, hint });
      return;
    }
    case 'list': {
      let itemLine = line;
      for (const item of (token as Tokens.List).items) {
        out.push({ text: inline(item.tokens), line: itemLine, hint: 'list-item' });
        itemLine += countNewlines(item.raw, item.raw.length);
      }
      return;
    }
    case 'blockquote': {
      for (const t of (token as Tokens.Blockquote).tokens) collect(t, line, out);
      return;
    }
    case 'text':
      out.push({ text: inline((token as Tokens.Text).tokens ?? [token]), line });
      return;
    default:
      // code, hr, html, table, space: not prose
      return;
  }
}

function inline(tokens: readonly Token[] | undefined): string {
  if (!tokens) return '';
  let s = '';
  for (const t of tokens) {
    if (t.type === 'image') s += (t as Tokens.Image).text;
    else if (t.type === 'br') s += ' ';
    else if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0) s += inline(t.tokens);
    else if (t.type === 'codespan') s += (t as Tokens.Codespan).text;
    else if (t.type === 'escape' || t.type === 'text') s += decode((t as Tokens.Text).text);
    else if ('text' in t && typeof t.text === 'string') s += t.text;
  }
  return s.replace(/\s+/gu, ' ').trim();
}

const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39);/gu, (_, e: string) => entities[e] ?? _);
}

function countNewlines(s: string, end: number): number {
  let n = 0;
  for (let i = 0; i < end && i < s.length; i++) if (s.charCodeAt(i) === 10) n++;
  return n;
}
