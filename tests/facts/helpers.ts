import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Corpus, Document, Paragraph } from '../../src/corpus/types.ts';

/** A hand-written paragraph with real sentence offsets. */
export function para(text: string, id = 'doc#p1'): Paragraph {
  const [docSlug = 'doc', n = '1'] = id.split('#p');
  return {
    id,
    docSlug,
    n: Number(n),
    kind: 'body',
    section: null,
    text,
    sentences: splitSentences(text),
    line: 1,
  };
}

/** A corpus of documents, each given as its paragraphs' texts. */
export function corpusOf(
  docs: { slug: string; published?: string; paragraphs: string[] }[],
): Corpus {
  const documents: Document[] = docs.map((d) => ({
    slug: d.slug,
    path: `${d.slug}.txt`,
    meta: { title: d.slug, published: d.published },
    sections: [],
    paragraphs: d.paragraphs.map((t, i) => para(t, `${d.slug}#p${i + 1}`)),
  }));
  const paragraphs = documents.flatMap((d) => d.paragraphs);
  return {
    dir: '.',
    documents,
    paragraphs,
    byId: new Map(paragraphs.map((p) => [p.id, p])),
    problems: [],
  };
}
