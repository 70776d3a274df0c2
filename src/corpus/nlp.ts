import model from 'wink-eng-lite-web-model';
import winkNLP, { type WinkMethods } from 'wink-nlp';

let instance: WinkMethods | undefined;

/** The shared wink-nlp instance (loading the model takes ~100 ms, so it is made once, lazily). */
export function nlp(): WinkMethods {
  instance ??= winkNLP(model);
  return instance;
}
