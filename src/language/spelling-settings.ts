/**
 * The speller's settings (spelling.ts), which its deletion index (deletion-index.ts) shares: the
 * longest word indexed and the length from which a word may be two edits from what was meant.
 */

export const SPELLING = {
  /** Shorter words are never corrected: too many words are one letter apart. */
  minLength: 3,
  /**
   * Words this short are read only as function words ("wht" → what, "teh" → the): a three-letter
   * token the corpus lacks is far more often an acronym typed lowercase ("pll", "gui") or a word
   * of another language ("toh") than a slip on a content word.
   */
  functionOnly: 3,
  /**
   * Words this short are corrected only for a dropped or swapped letter ("wht", "agianst" is
   * longer): one letter changed or added in a short word makes another word too often ("shib",
   * "madre", "lotr" are not "ship", "made", "lot"). Longer words take any one edit ("seperate").
   */
  shortWord: 5,
  /**
   * A word among the vectors' commonest this many is a word, taken as written ("hey", "amy",
   * "biden"), even where a commoner one is a letter away ("they", "may").
   */
  commonWords: 10_000,
  /** From this length a word may be two edits from what was meant, below it one. */
  longWord: 7,
  /** Longer words are not indexed (identifiers, run-together names). */
  maxLength: 24,
  /**
   * A capitalised name shorter than this is never corrected ("Irna" is an agency, not "Iran";
   * "Gaza" is not "gaze"), nor one the vectors or the lexicon know ("Biden").
   */
  nameMinLength: 5,
  /**
   * A word the vectors know is read as another only when that one is this many times commoner
   * (by frequency rank, which Zipf's law makes proportional to frequency): "missles" (row
   * 232,053) as "missiles" (3,005), never "irna" (12,621) as "iran" (519), nor "biden" as anything.
   */
  commoner: 50,
};

/** A word the speller reads or indexes: letters only. */
export const LETTERS = /^\p{L}+$/u;
