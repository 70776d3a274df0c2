import { splitSentences } from '../../src/corpus/sentences.ts';
import type { Document } from '../../src/corpus/types.ts';

/** A hand-made document: each string one body paragraph, numbered `<slug>#p<n>`. */
export function doc(slug: string, paragraphs: string[], title = slug): Document {
  return {
    slug,
    path: `${slug}.txt`,
    meta: { title },
    sections: [],
    paragraphs: paragraphs.map((text, i) => ({
      id: `${slug}#p${i + 1}`,
      docSlug: slug,
      n: i + 1,
      kind: 'body',
      section: null,
      text,
      sentences: splitSentences(text),
      line: i + 1,
    })),
  };
}
