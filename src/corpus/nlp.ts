import model from 'wink-eng-lite-web-model';
import winkNLP, { type ItemEntity, type WinkMethods } from 'wink-nlp';

let instance: WinkMethods | undefined;

/** The shared wink-nlp instance (loading the model takes ~100 ms, so it is made once, lazily). */
export function nlp(): WinkMethods {
  instance ??= winkNLP(model);
  return instance;
}

/** A wink-nlp token with its UTF-16 offsets into the text it was read from. */
export interface TaggedToken {
  value: string;
  pos: string;
  start: number;
  end: number;
}

/** A wink-nlp entity (DATE, DURATION, CARDINAL, MONEY, …) as an inclusive token range. */
export interface TaggedEntity {
  type: string;
  first: number;
  last: number;
}

/**
 * Tags a text with wink-nlp and recovers each token's offsets: wink keeps a token's original
 * characters, so searching forward from the previous token finds it, even where it splits
 * contractions ("wo" + "n’t"); a token it rewrote keeps the cursor position and an empty span.
 * The facts extractors and the short-answer reader both read sentences through this.
 */
export function tagText(text: string): { tokens: TaggedToken[]; entities: TaggedEntity[] } {
  const engine = nlp();
  const its = engine.its;
  const doc = engine.readDoc(text);
  const values = doc.tokens().out(its.value) as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  const tokens: TaggedToken[] = [];
  let cursor = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    const found = text.indexOf(value, cursor);
    const start = found >= 0 && found - cursor < 64 ? found : cursor;
    const end = found === start ? start + value.length : start;
    cursor = end;
    tokens.push({ value, pos: pos[i] ?? 'X', start, end });
  }
  const entities: TaggedEntity[] = [];
  doc.entities().each((e: ItemEntity) => {
    const span = e.out(its.span) as unknown;
    if (!Array.isArray(span)) return;
    const [first, last] = span as unknown[];
    if (typeof first !== 'number' || typeof last !== 'number') return;
    entities.push({ type: String(e.out(its.type)), first, last });
  });
  return { tokens, entities };
}
