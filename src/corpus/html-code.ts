import { collapse, type HtmlElement, type HtmlNode, isElement, textOf } from './html-tree.ts';

/**
 * A `<pre>` block as code: its text as displayed, the language it is marked with and the label
 * a documentation generator puts above it (a file name).
 */

const LINE_NUMBERS = /^(?:linenos?|lineno|line-?numbers?(?:-rows)?|ln|gutter)$/iu;

/** A code block's text as displayed: whitespace kept, line numbers and buttons left out. */
export function codeText(pre: HtmlElement): string {
  const parts: string[] = [];
  const stack: HtmlNode[] = [pre];
  while (stack.length > 0) {
    const n = stack.pop() as HtmlNode;
    if (!isElement(n)) {
      parts.push(n.text);
      continue;
    }
    if (n.name === 'br') {
      parts.push('\n');
      continue;
    }
    if (n !== pre) {
      if (n.name === 'button' || n.name === 'script' || n.name === 'style') continue;
      if ((n.attribs.class ?? '').split(/\s+/u).some((c) => LINE_NUMBERS.test(c))) continue;
      if (n.attribs['aria-hidden'] === 'true' && n.name !== 'span') continue;
    }
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (c) stack.push(c);
    }
  }
  return parts.join('').replace(/\r\n?/gu, '\n').replace(/^\n/u, '').replace(/\s+$/u, '');
}

/** The language a code block is marked with (`language-js`, Sphinx's `highlight-python3`), or null. */
export function codeLanguage(pre: HtmlElement): string | null {
  const inner = pre.children.find((c): c is HtmlElement => isElement(c) && c.name === 'code');
  for (const el of [inner, pre, pre.parent, pre.parent?.parent]) {
    if (!el) continue;
    const data = el.attribs['data-lang'] ?? el.attribs['data-language'];
    if (data) return data.trim().toLowerCase() || null;
    for (const c of (el.attribs.class ?? '').split(/\s+/u)) {
      const m = /^(?:language|lang|highlight|brush:?)-(.+)$/iu.exec(c);
      if (m?.[1])
        return /^(?:default|none|text|plain|plaintext|nohighlight)$/iu.test(m[1])
          ? null
          : m[1].toLowerCase();
    }
  }
  return null;
}

/** A label generators put above a code block (a file name), or null. */
export function codeTitle(pre: HtmlElement): string | null {
  const data = pre.attribs['data-title'];
  if (data) return data.trim() || null;
  for (const container of [pre.parent, pre.parent?.parent]) {
    if (!container) continue;
    for (const c of container.children) {
      if (!isElement(c) || c === pre) continue;
      if (/code-?block-?title|codeblocktitle|filename|code-title/iu.test(c.attribs.class ?? '')) {
        const t = collapse(textOf(c));
        return t !== '' && t.length <= 120 ? t : null;
      }
    }
  }
  return null;
}
