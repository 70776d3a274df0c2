import lunr from 'lunr';
import MiniSearch from 'minisearch';
import bm25 from 'wink-bm25-text-search';
import nlpUtils from 'wink-nlp-utils';

/**
 * The usual JavaScript search libraries, configured as their documentation shows, over the same
 * paragraphs: each returns a search function giving paragraph indexes best first.
 */
export type Baseline = (question: string) => number[];

export function miniSearchDefault(texts: readonly { title: string; text: string }[]): Baseline {
  const ms = new MiniSearch<{ id: number; title: string; text: string }>({
    fields: ['title', 'text'],
  });
  ms.addAll(texts.map((t, id) => ({ id, ...t })));
  return (q) => ms.search(q).map((r) => r.id as number);
}

export function lunrDefault(texts: readonly { title: string; text: string }[]): Baseline {
  const idx = lunr(function () {
    this.ref('id');
    this.field('title');
    this.field('text');
    texts.forEach((t, id) => {
      this.add({ id: String(id), ...t });
    });
  });
  // lunr throws on its query syntax (":", "~", "^", "+", "-"); strip it so every question runs
  return (q) => {
    try {
      return idx.search(q.replace(/[:~^+\-*]/gu, ' ')).map((r) => Number(r.ref));
    } catch {
      return [];
    }
  };
}

export function winkBm25(texts: readonly { title: string; text: string }[]): Baseline {
  const engine = bm25();
  engine.defineConfig({ fldWeights: { title: 1, text: 2 } });
  engine.definePrepTasks([
    nlpUtils.string.lowerCase,
    nlpUtils.string.removeExtraSpaces,
    nlpUtils.string.tokenize0,
    nlpUtils.tokens.removeWords,
    nlpUtils.tokens.stem,
  ] as never);
  texts.forEach((t, id) => {
    engine.addDoc({ title: t.title, text: t.text }, id);
  });
  engine.consolidate();
  return (q) => engine.search(q, 10).map(([id]) => Number(id));
}
