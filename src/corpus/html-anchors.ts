import { elements, type HtmlElement, isElement } from './html-tree.ts';

/** A heading's anchor: its id, a named anchor in it, its section's id, or its permalink's target. */
export function headingAnchor(h: HtmlElement): string | undefined {
  if (h.attribs.id) return h.attribs.id;
  for (const el of elements(h)) {
    if (el === h || el.name !== 'a') continue;
    if (el.attribs.id) return el.attribs.id;
    if (el.attribs.name) return el.attribs.name;
  }
  const parent = h.parent;
  const sectionLike =
    parent?.name === 'section' ||
    (parent?.name === 'div' && /(?:^|\s)section(?:\s|$)/u.test(parent.attribs.class ?? ''));
  if (parent?.attribs.id && sectionLike) {
    const first = parent.children.find((c) => isElement(c));
    if (first === h) return parent.attribs.id;
  }
  for (const el of elements(h)) {
    const href = el.name === 'a' ? el.attribs.href : undefined;
    if (href?.startsWith('#') && href.length > 1) {
      try {
        return decodeURIComponent(href.slice(1));
      } catch {
        return href.slice(1);
      }
    }
  }
  return undefined;
}
