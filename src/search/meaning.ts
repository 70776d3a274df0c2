import { indexTerms, isAcronym, stemWord } from '../language/analyzer.ts';
import { Gists } from './gist.ts';
import {
  exactNeighbours,
  type LexicalRelation,
  type MeaningSources,
  type NeighbourSearch,
  type PartOfSpeech,
  type RelatedTerm,
  type SavedTermVectors,
  type TermVocabulary,
} from './meaning-sources.ts';

/**
 * How much a relation is worth. Similarity is weighed, never taken for identity: word vectors put
 * "tanks" as near "artillery" (0.71) as "rocket" is to "missile" (0.72), so a vector neighbour
 * earns at most `vectorMax` of a match, while WordNet's derivations ("invade" → "invasion") and
 * commonest-sense synonyms ("accord" → "agreement") earn more.
 */
export const MEANING = {
  relation: {
    base: 0.95,
    derivation: 0.85,
    pertainym: 0.8,
    synonym: 0.8,
    similar: 0.6,
    holonym: 0.6,
    /** A part of a country or region that is not a city (Belarus is part of Europe). */
    region: 0.3,
    hypernym: 0.5,
    hyponym: 0.5,
    // "Does Iran admit it…?" is answered by "…a move Tehran has denied"
    antonym: 0.5,
  } as Record<string, number>,
  /** Each further WordNet hop from a people's word to its country's names keeps this share. */
  hop: 0.9,
  /** Each further sense rank costs this much (WordNet lists a word's senses commonest first). */
  rankStep: 0.1,
  /** No relation of a sense ranked lower than this counts. */
  maxRank: 2,
  /**
   * A word with more senses than this has its relations weighed by √(this / senses): the top
   * senses of "take" (42 as a verb) say little about the one a question means.
   */
  polysemy: 8,
  /** Verbs and adverbs: vector neighbours from this similarity only (theirs cluster by syntax). */
  verbFloor: 0.5,
  /** Vector similarity at which a neighbour starts to count, and where it earns `vectorMax`. */
  vectorFloor: 0.6,
  /** The floor for a word the corpus has itself: its own occurrences are the better evidence. */
  knownFloor: 0.75,
  vectorFull: 0.9,
  vectorMax: 0.75,
  /** How many vector neighbours a question word brings. */
  vectorK: 12,
  /** Both sources agreeing adds this. */
  agreement: 0.1,
};

/**
 * Maps a question's words to corpus terms of about the same meaning, from WordNet relations and
 * word vectors (a misspelt word is corrected before, by the speller: src/language/spelling.ts). Only terms the corpus has are returned, so the noise of both
 * resources (WordNet's rare senses, vectors' related-but-different words) mostly falls away.
 *
 * @example meaning.relate('invade', 'invad') // [{ terms: ['invas'], weight: 0.85, via: 'lexicon' }]
 */
export class CorpusMeaning {
  private readonly vocab: TermVocabulary;
  private readonly sources: MeaningSources;
  private termVectors: { terms: string[]; search: NeighbourSearch } | null | undefined;
  private readonly cache = new Map<string, RelatedTerm[]>();
  /** Gists from the word vectors (none without them). */
  private readonly gists: Gists | null;

  constructor(vocab: TermVocabulary, sources: MeaningSources) {
    this.vocab = vocab;
    this.sources = sources;
    this.gists = sources.vectors ? new Gists(sources.vectors) : null;
  }

  /** Versions of the resources, for snapshot keys and reports. */
  get version(): string {
    return `${this.sources.vectors?.version ?? 'no-vectors'}+${this.sources.lexicon?.version ?? 'no-lexicon'}`;
  }

  get enabled(): boolean {
    return Boolean(this.sources.vectors || this.sources.lexicon);
  }

  /** Whether there are word vectors to make gists from. */
  get hasVectors(): boolean {
    return this.gists !== null;
  }

  /**
   * The corpus terms' vectors and neighbour search, built now if need be, as bytes to keep
   * (building takes ~0.5 s at 50,000 terms, restoring ~25 ms); null without vectors.
   */
  saved(): SavedTermVectors | null {
    const index = this.corpusVectors();
    const bytes = index?.search.toBuffer?.();
    if (!index || !bytes) return null;
    return { version: this.version, terms: index.terms, neighbours: bytes };
  }

  /** Takes the corpus terms' neighbour search from a save of the same resources; false otherwise. */
  restore(saved: SavedTermVectors): boolean {
    const restore = this.sources.restoreNeighbours;
    if (!restore || !this.sources.vectors || saved.version !== this.version) return false;
    this.termVectors = { terms: saved.terms, search: restore(saved.neighbours) };
    return true;
  }

  /**
   * The gist of some words (lowercase, with weights): the weighted mean of their vectors, less the
   * direction every word shares, as a unit vector; null without vectors or when none has one.
   * Word vectors' mean over a sentence is dominated by what all words share (any two passages'
   * means are ~0.8 alike), so the mean of the commonest words is taken out, and each word
   * counts by how rare it is (a/(a + p), p from its frequency rank by Zipf's law), the smooth
   * inverse frequency weighting of Arora et al. (2017), "A simple but tough-to-beat baseline for
   * sentence embeddings". Compared with the cosine, two texts on one subject come out alike.
   */
  gist(words: Iterable<readonly [string, number]>): Float32Array | null {
    return this.gists ? this.gists.of(words) : null;
  }

  /** Builds what the first question would otherwise wait for (the corpus terms' neighbours). */
  warm(): void {
    this.corpusVectors();
  }

  /**
   * The near forms (`SearchIndex.nearForms`) that may stand for a question word the corpus lacks.
   * They mend what a stemmer leaves apart ("syria" → syrian, "character" → characterise), but a
   * word the dictionary knows in its own right is not a spelling of a longer or shorter one:
   * "second" is not "secondary", "plant" not "plan", "tendon" not "tend". Such a word keeps only
   * the forms WordNet relates to it (a derivation, a synonym); a name, or a word WordNet lacks
   * ("srbms", a transliteration), keeps them all; without a lexicon every form is kept.
   * Measured: NQ dev questions answered from the bundled corpus 22 → 21, no other development
   * figure moved (README, "Answer or decline, learned").
   */
  keepNearForms(word: string, forms: string[]): string[] {
    const lexicon = this.sources.lexicon;
    if (forms.length === 0 || !lexicon?.baseForms) return forms;
    const w = word.toLowerCase();
    if (lexicon.baseForms(w).length === 0 || this.isProperName(w)) return forms;
    const kin = new Set(lexicon.related(w).flatMap((r) => indexTerms(r.word)));
    return forms.filter((f) => kin.has(f));
  }

  /**
   * Whether WordNet reads the word, in its commonest sense, as a proper name (an instance of a
   * kind: "spain" a European country, "berlin" a national capital): users type names in lowercase.
   */
  isProperName(word: string): boolean {
    const lexicon = this.sources.lexicon;
    if (!lexicon) return false;
    return lexicon
      .related(word.toLowerCase())
      .some((r) => r.relation === 'instance' && r.rank === 0 && r.pos === 'noun');
  }

  /**
   * Corpus terms related to a question word (`surface` as written, `stem` its indexed form),
   * strongest first, never the word's own term.
   */
  relate(surface: string, stem: string, pos?: PartOfSpeech | null): RelatedTerm[] {
    const word = surface.toLowerCase();
    const key = `${word}\u0000${stem}\u0000${pos ?? ''}`;
    const cached = this.cache.get(key);
    if (cached) return cached;
    const best = new Map<string, RelatedTerm>();
    const add = (terms: string[], weight: number, via: RelatedTerm['via']) => {
      if (terms.length === 0 || weight <= 0) return;
      if (terms.length === 1 && terms[0] === stem) return;
      if (!terms.every((t) => this.vocab.has(t))) return;
      const k = terms.join(' ');
      const prev = best.get(k);
      if (!prev) best.set(k, { terms, weight, via });
      else if (prev.via !== via) {
        prev.weight = Math.min(1, Math.max(prev.weight, weight) + MEANING.agreement);
      } else if (weight > prev.weight) prev.weight = weight;
    };
    const lexicon = this.sources.lexicon;
    if (lexicon) {
      const all = lexicon.related(word);
      // the senses of the part of speech the question uses the word in ("sanctions" the noun,
      // not "to sanction": authorise), unless the word has none of that kind
      const ofPos = pos ? all.filter((r) => r.pos === pos) : [];
      // A capital stands for its country ("Riyadh", "Kiev", "London"): part of it and a city.
      // A country is part of a continent, but Belarus does not stand for Europe.
      const city = all.some((r) => r.relation === 'instance' && CITY.test(r.word));
      const senses =
        lexicon.senseCount?.(word, ofPos.length > 0 ? (pos ?? undefined) : undefined) ?? 0;
      const spread = senses > MEANING.polysemy ? Math.sqrt(MEANING.polysemy / senses) : 1;
      for (const r of ofPos.length > 0 ? ofPos : all) {
        const relation = r.relation === 'holonym' && !city ? 'region' : r.relation;
        const base = MEANING.relation[relation];
        if (base === undefined || r.rank > MEANING.maxRank) continue;
        // verb hierarchies are too broad ("supply" → "issue", "fuel", "signal")
        if ((r.relation === 'hypernym' || r.relation === 'hyponym') && r.pos !== 'noun') continue;
        const weight = (base - MEANING.rankStep * r.rank) * (relation === 'base' ? 1 : spread);
        add(termsOf(r.word), weight, 'lexicon');
      }
      this.peopleToPlace(word, all, add);
    }
    const floor =
      pos === 'verb' || pos === 'adv'
        ? MEANING.verbFloor
        : this.vocab.has(stem)
          ? MEANING.knownFloor
          : MEANING.vectorFloor;
    for (const n of this.vectorNeighbours(word, floor)) {
      // "comes" is not "instead", "yet" or "anyway": vectors put words of one context together
      if (pos && pos !== 'adv' && this.onlyAdverb(n.term)) continue;
      const span = MEANING.vectorFull - floor;
      const weight = MEANING.vectorMax * Math.min(1, (n.sim - floor) / span);
      add([n.term], weight, 'vector');
    }
    const out = [...best.values()].sort((a, b) => b.weight - a.weight);
    if (this.cache.size > 20_000) this.cache.clear();
    this.cache.set(key, out);
    return out;
  }

  /**
   * Whether WordNet knows each word of a corpus term, and only as an adverb ("instead", "yet"):
   * such a word never stands in for a noun, verb or adjective, however near its vector (everyday
   * wording hit@1 0.644 → 0.667, NQ dev R@1 0.849 → 0.850; holding every neighbour to the
   * question word's part of speech cost everyday wording 0.600: README, "Word meaning").
   */
  private onlyAdverb(term: string): boolean {
    const lexicon = this.sources.lexicon;
    if (!lexicon?.senseCount) return false;
    const words = this.vocab.surfaces().get(term) ?? [term];
    return words.every((w) => {
      const all = lexicon.senseCount?.(w) ?? 0;
      return all > 0 && lexicon.senseCount?.(w, 'adv') === all;
    });
  }

  /**
   * A people's word stands for its country whatever part of speech the question uses it as:
   * "the French" (a noun, whose senses are the language and the people) and "Brits" (a synonym
   * of "British", whose pertainym is Great Britain) reach France and the United Kingdom. WordNet
   * links the adjective to the place (pertainym), the people's noun only to the adjective
   * (synonym), and the place to its other names (synonym): up to three hops, each costing
   * `MEANING.hop`, taken only through the commonest senses and only to a named place.
   */
  private peopleToPlace(
    word: string,
    all: readonly LexicalRelation[],
    add: (terms: string[], weight: number, via: RelatedTerm['via']) => void,
  ): void {
    const lexicon = this.sources.lexicon;
    if (!lexicon) return;
    const base = MEANING.relation.pertainym ?? 0;
    const places = new Map<string, number>();
    for (const r of all) {
      if (r.rank > 0) continue;
      if (r.relation === 'pertainym') places.set(r.word, Math.max(places.get(r.word) ?? 0, base));
      else if (r.relation === 'synonym' || r.relation === 'base')
        for (const p of lexicon.related(r.word))
          if (p.relation === 'pertainym' && p.rank === 0 && p.word !== word)
            places.set(p.word, Math.max(places.get(p.word) ?? 0, base * MEANING.hop));
    }
    for (const [place, weight] of places) {
      const named = lexicon.related(place);
      // only a named place or people (an instance: France, Great Britain), not "joint" for "join"
      if (!named.some((n) => n.relation === 'instance')) continue;
      add(termsOf(place), weight, 'lexicon');
      for (const s of named)
        if (s.relation === 'synonym' && s.rank === 0)
          add(termsOf(s.word), weight * MEANING.hop, 'lexicon');
    }
  }

  private vectorNeighbours(word: string, floor: number): { term: string; sim: number }[] {
    const vectors = this.sources.vectors;
    if (!vectors) return [];
    const row = vectors.row(word);
    if (row < 0) return [];
    const index = this.corpusVectors();
    if (!index) return [];
    return index.search
      .nearest(vectors.vector(row), MEANING.vectorK, floor)
      .map((n) => ({ term: index.terms[n.index] as string, sim: n.sim }));
  }

  /** Each corpus term's vector: the mean of its words' vectors, made on first use. */
  private corpusVectors(): { terms: string[]; search: NeighbourSearch } | null {
    if (this.termVectors !== undefined) return this.termVectors;
    const vectors = this.sources.vectors;
    if (!vectors) {
      this.termVectors = null;
      return null;
    }
    const dims = vectors.dimensions;
    const terms: string[] = [];
    const rows: Float32Array[] = [];
    const tmp = new Float32Array(dims);
    for (const [term, words] of this.vocab.surfaces()) {
      const sum = new Float32Array(dims);
      let found = 0;
      for (const w of words.slice(0, 3)) {
        const r = vectors.row(w);
        if (r < 0) continue;
        vectors.vector(r, tmp);
        for (let d = 0; d < dims; d++) (sum[d] as number) += tmp[d] as number;
        found++;
      }
      if (found === 0) continue;
      let norm = 0;
      for (let d = 0; d < dims; d++) norm += (sum[d] as number) ** 2;
      norm = Math.sqrt(norm);
      if (norm === 0) continue;
      for (let d = 0; d < dims; d++) (sum[d] as number) /= norm;
      terms.push(term);
      rows.push(sum);
    }
    const flat = new Float32Array(terms.length * dims);
    rows.forEach((r, i) => {
      flat.set(r, i * dims);
    });
    const build = this.sources.neighbours ?? exactNeighbours;
    this.termVectors = { terms, search: build(flat, dims) };
    return this.termVectors;
  }
}

const CITY = /(?:^|[ _])(?:city|capital|town|port|metropolis)$/u;

/**
 * The analysed terms of a related word or phrase ("European_Union" → ['european', 'union']);
 * none for a phrase that loses a word other than a joiner to stopwords.
 */
function termsOf(word: string): string[] {
  const phrase = word.replace(/_/gu, ' ');
  if (!phrase.includes(' ')) {
    return [isAcronym(phrase) ? phrase.toLowerCase() : stemWord(phrase)];
  }
  // "just about" is not "just": a phrase that loses a word to stopwords loses its meaning,
  // unless the word only joins ("capital of Iran" is capital + Iran)
  const words = phrase.split(/\s+/u).filter((w) => w !== '' && !JOINERS.has(w.toLowerCase()));
  const terms = indexTerms(phrase);
  return terms.length === words.length ? terms : [];
}

const JOINERS = new Set(['of', 'the', 'a', 'an', 'and', 'in', 'for', 'to']);
