import type { Document, Paragraph } from '../corpus/types.ts';
import { paragraphUrl } from './passage.ts';
import type { Block, Citation, ListItem, Span } from './reply.ts';
import type { Answer, Passage } from './types.ts';

/** The citation of a passage. */
export function citationOf(p: Passage): Citation {
  return {
    paragraphId: p.id,
    documentTitle: p.documentTitle,
    publisher: p.publisher,
    section: p.section,
    n: p.n,
    kind: p.kind,
    url: p.url,
    ...(p.page ? { page: p.page } : {}),
  };
}

/** The citation of a paragraph of a document. */
export function paragraphCitation(p: Paragraph, d: Document): Citation {
  return {
    paragraphId: p.id,
    documentTitle: d.meta.title,
    publisher: d.meta.publisher ?? null,
    section: p.section,
    n: p.n,
    kind: p.kind,
    url: paragraphUrl(p, d),
    ...(p.page ? { page: p.page } : {}),
  };
}

/**
 * A passage's text as spans with its answering sentence in bold, and its code blocks (when it
 * has any) as code spans where they stand in the text.
 */
export function passageSpans(p: Pick<Passage, 'text' | 'sentence' | 'code'>): Span[] {
  const { start, end } = p.sentence;
  const spans: Span[] = [];
  // the places text is cut: the sentence's ends and each code block's place
  const code = [...(p.code ?? [])].sort((a, b) => a.at - b.at);
  const cuts = [...new Set([0, start, end, ...code.map((c) => c.at), p.text.length])]
    .filter((x) => x >= 0 && x <= p.text.length)
    .sort((a, b) => a - b);
  let k = 0;
  for (let i = 0; i < cuts.length; i++) {
    const at = cuts[i] as number;
    while (k < code.length && (code[k]?.at ?? 0) === at) {
      const c = code[k] as NonNullable<Passage['code']>[number];
      spans.push({ text: c.text, code: true, lang: c.lang });
      k++;
    }
    const next = cuts[i + 1];
    if (next === undefined) break;
    const text = p.text.slice(at, next);
    spans.push(at >= start && next <= end && end > start ? { text, bold: true } : { text });
  }
  while (k < code.length) {
    const c = code[k++] as NonNullable<Passage['code']>[number];
    spans.push({ text: c.text, code: true, lang: c.lang });
  }
  return mergeSpans(spans.filter((s) => s.text !== ''));
}

/** Neighbouring prose spans of the same style as one (a bold sentence stays one span). */
function mergeSpans(spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && !last.code && !s.code && !!last.bold === !!s.bold && !!last.italic === !!s.italic)
      last.text += s.text;
    else out.push({ ...s });
  }
  return out;
}

/**
 * Where in its document a citation points, as every surface writes it: the paragraph (`¶2`,
 * `caption ¶1`) and, for a PDF, the page it starts on (`¶12, p. 4`). No markup to escape.
 */
export function paragraphPlace(c: Pick<Citation, 'kind' | 'n' | 'page'>): string {
  const paragraph = `${c.kind === 'body' ? '' : `${c.kind} `}¶${c.n}`;
  return c.page ? `${paragraph}, p. ${c.page}` : paragraph;
}

/** Plain text citation, as the terminal shows it: `Going ballistic… — ECFR, ¶2` (`, p. 4`). */
export function citationText(c: Citation, maxTitle = 48): string {
  const title = shorten(c.documentTitle, maxTitle);
  const where = [c.publisher, c.section, paragraphPlace(c)].filter(Boolean).join(', ');
  return `${title} — ${where}`;
}

/** Shortens text to at most `max` characters at a word boundary, with an ellipsis. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:–—-]+$/u, '')}…`;
}

/** The blocks that present an Answer: cited passages, or an honest "not found" with related reading. */
export function answerBlocks(answer: Answer): Block[] {
  if (answer.status === 'needs_keyword') {
    return [
      {
        type: 'notice',
        tone: 'info',
        text: 'Add a keyword: a name, a place or a topic from the documents.',
      },
    ];
  }
  const blocks: Block[] = [];
  if (answer.truncated) {
    blocks.push({
      type: 'notice',
      tone: 'info',
      text: 'Your question was long, so only its first 300 characters were used.',
    });
  }
  if (answer.status === 'not_found') {
    // "inexact": the passages are about the question but none says what it asks (no date for
    // "when"); naming missing words there ("do not mention patch") would be wrong and unhelpful.
    const text =
      answer.reason === 'inexact'
        ? "The documents don't say exactly; the closest passages:"
        : answer.missingTerms.length > 0
          ? `The documents do not mention ${listWords(answer.missingTerms)}.`
          : 'The documents do not answer this.';
    blocks.push({ type: 'notice', tone: 'warning', text });
    if (answer.related.length > 0) {
      blocks.push({
        type: 'list',
        title: 'Closest passages (related reading, not an answer)',
        items: answer.related.map(relatedItem),
      });
    }
    return blocks;
  }
  // the short answer first, bold, with the number of the passage that proves it (listed below)
  const proof = answer.short
    ? answer.passages.findIndex((p) => p.id === answer.short?.passageId)
    : -1;
  if (answer.short && proof >= 0)
    blocks.push({
      type: 'text',
      spans: [{ text: answer.short.text, bold: true }, { text: ` [${proof + 1}]` }],
    });
  answer.passages.forEach((p, i) => {
    blocks.push({ type: 'passage', index: i + 1, spans: passageSpans(p), citation: citationOf(p) });
  });
  if (answer.missingTerms.length > 0) {
    blocks.push({
      type: 'notice',
      tone: 'info',
      text: `Not found in the documents: ${listWords(answer.missingTerms)}.`,
    });
  }
  return blocks;
}

function relatedItem(p: Passage): ListItem {
  const s = p.sentence.text;
  return { label: '', text: shorten(s, 200), citation: citationOf(p) };
}

/** "a", "a and b", "a, b and c". */
export function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
