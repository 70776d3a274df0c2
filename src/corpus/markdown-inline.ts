import { decodeHTML } from 'entities';
import type { Token, Tokens } from 'marked';
import { inlineHtml } from './markdown-html.ts';
import type { LinkSpan } from './types.ts';

/**
 * Markdown's inline tokens (emphasis, code spans, links, images, inline HTML) as plain text, with
 * the links they hold.
 */

/** Text being built from inline tokens: whitespace collapsed as it goes, links recorded. */
class InlineText {
  text = '';
  links: LinkSpan[] = [];

  add(s: string): void {
    for (const ch of s) {
      if (/\s/u.test(ch)) {
        if (this.text !== '' && !this.text.endsWith(' ')) this.text += ' ';
      } else this.text += ch;
    }
  }

  done(): { text: string; links: LinkSpan[] } {
    const text = this.text.trimEnd();
    const links = this.links
      .map((l) => ({ ...l, end: Math.min(l.end, text.length) }))
      .filter((l) => l.end > l.start);
    return { text, links };
  }
}

/** Inline tokens as plain text, with the links they hold. */
export function inline(tokens: readonly Token[] | undefined): { text: string; links: LinkSpan[] } {
  const acc = new InlineText();
  appendInline(acc, tokens ?? []);
  return acc.done();
}

function appendInline(acc: InlineText, tokens: readonly Token[]): void {
  for (const t of tokens) {
    switch (t.type) {
      case 'image':
        acc.add((t as Tokens.Image).text);
        break;
      case 'br':
        acc.add(' ');
        break;
      case 'codespan':
        acc.add(decodeHTML((t as Tokens.Codespan).text));
        break;
      case 'link': {
        const link = t as Tokens.Link;
        const start = acc.text.length + (acc.text !== '' && acc.text.endsWith(' ') ? 0 : 0);
        if (link.tokens && link.tokens.length > 0) appendInline(acc, link.tokens);
        else acc.add(link.text);
        // leading whitespace inside the label is collapsed into the text before it
        const from = acc.text.length > start && acc.text[start] === ' ' ? start + 1 : start;
        if (acc.text.length > from)
          acc.links.push({ start: from, end: acc.text.length, href: link.href });
        break;
      }
      case 'html':
        acc.add(inlineHtml((t as Tokens.HTML).text));
        break;
      case 'escape':
      case 'text': {
        const x = t as Tokens.Text;
        if (x.tokens && x.tokens.length > 0) appendInline(acc, x.tokens);
        else acc.add(decodeHTML(x.text));
        break;
      }
      default:
        if ('tokens' in t && Array.isArray(t.tokens) && t.tokens.length > 0)
          appendInline(acc, t.tokens as Token[]);
        else if ('text' in t && typeof t.text === 'string') acc.add(decodeHTML(t.text));
    }
  }
  // Hugo's inline shortcodes and MDX comments are markup, not text
  if (/\{\{[<%]|\{\/\*/u.test(acc.text))
    acc.text = acc.text.replace(/\{\{[<%].*?[%>]\}\}|\{\/\*.*?\*\/\}/gu, '');
}
