import { Parser } from 'htmlparser2';

/**
 * HTML in Markdown as the text a reader sees: inline tags and components, and whole HTML blocks.
 */

/**
 * An inline HTML tag or component as the text it shows: tags go (`<kbd>`, `</span>`,
 * `<NonInheritBadge />`), a component's `text="…"` stays (VitePress `<Badge text="beta" />`),
 * and a capitalised placeholder stays as written (`https://<USERNAME>.github.io/<REPO>/`).
 */
export function inlineHtml(html: string): string {
  if (/^<!--/u.test(html)) return '';
  if (/^<br\s*\/?>$/iu.test(html)) return ' ';
  if (/^<\/?[A-Z][A-Z0-9_]*>$/u.test(html)) return html;
  const text = /\btext\s*=\s*"([^"]*)"/u.exec(html)?.[1];
  return text === undefined ? '' : ` ${text} `;
}

/** Elements whose content is never text: scripts (`<script setup>`), styles, pictures. */
// (Vue's <template #title> holds text, so templates are read)
const HTML_SKIP = new Set(['script', 'style', 'svg', 'noscript', 'iframe', 'math']);

/** An HTML block or a component's text (htmlparser2): tags go, script and style bodies too. */
export function htmlText(html: string): string {
  let skip = 0;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (HTML_SKIP.has(name)) skip++;
        else if (skip === 0 && typeof attrs.text === 'string') text += ` ${attrs.text} `;
      },
      ontext(data) {
        if (skip === 0) text += data;
      },
      onclosetag(name) {
        if (HTML_SKIP.has(name) && skip > 0) skip--;
        else if (skip === 0 && /^(?:p|div|li|br|tr|h[1-6]|section|article|dd|dt)$/u.test(name))
          text += ' ';
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return text.replace(/\s+/gu, ' ').trim();
}
