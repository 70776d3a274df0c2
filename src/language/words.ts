/**
 * English word lists that more than one reader of the language shares: the titles and offices
 * that name a person's role, the words that narrow them, the nouns that make a name an
 * institution, the particles inside names. Language, not knowledge of any corpus.
 */

/**
 * Titles and offices: the word that makes the following proper name a person with a role
 * ("President Masoud Pezeshkian"), and the role a question asks the holder of ("who is the
 * president of Iran", "who is the head of the IAEA").
 */
export const ROLE_NOUNS: ReadonlySet<string> = new Set([
  'president',
  'minister',
  'premier',
  'chancellor',
  'leader',
  'director',
  'secretary',
  'king',
  'queen',
  'prince',
  'princess',
  'emir',
  'sultan',
  'sheikh',
  'ayatollah',
  'pope',
  'general',
  'admiral',
  'colonel',
  'commander',
  'chief',
  'governor',
  'senator',
  'congressman',
  'congresswoman',
  'ambassador',
  'envoy',
  'spokesman',
  'spokeswoman',
  'spokesperson',
  'chairman',
  'chairwoman',
  'speaker',
  'mayor',
  'judge',
  'prosecutor',
  'negotiator',
  'adviser',
  'advisor',
  'lieutenant',
  'captain',
  'dr',
  'professor',
  'ceo',
  'chair',
  'head',
  'founder',
  'owner',
  'ruler',
]);

// Words that narrow a title ("Foreign Minister", "supreme leader", "Vice President").
export const ROLE_MODIFIERS: ReadonlySet<string> = new Set([
  'foreign',
  'prime',
  'supreme',
  'vice',
  'deputy',
  'defense',
  'defence',
  'interior',
  'finance',
  'economy',
  'intelligence',
  'executive',
  'acting',
  'interim',
  'former',
  'grand',
  'crown',
  'high',
  'special',
  'assistant',
  'senior',
  'chief',
  'general',
  'attorney',
  'lieutenant',
  'major',
  'first',
  'top',
]);

/**
 * Head words of institutions: a name holding one is an organisation ("UN General Assembly",
 * "Joint Chiefs of Staff"), not a person, for the facts (actors.ts) and the short answer
 * (answer/spans.ts).
 */
export const INSTITUTION_HEADS: ReadonlySet<string> = new Set([
  'assembly',
  'council',
  'committee',
  'commission',
  'court',
  'party',
  'office',
  'department',
  'ministry',
  'agency',
  'union',
  'nations',
  'forum',
  'group',
  'guards',
  'guard',
  'corps',
  'army',
  'navy',
  'force',
  'forces',
  'administration',
  'government',
  'parliament',
  'congress',
  'senate',
  'bank',
  'fund',
  'organization',
  'organisation',
  'institute',
  'institution',
  'university',
  'college',
  'school',
  'academy',
  'company',
  'corporation',
  'corp',
  'inc',
  'ltd',
  'plc',
  'llc',
  'co',
  'group',
  'association',
  'society',
  'foundation',
  'federation',
  'league',
  'club',
  'team',
  'authority',
  'service',
  'services',
  'network',
  'media',
  'news',
  'times',
  'post',
  'press',
  'television',
  'tv',
  'radio',
  'broadcasting',
  'airlines',
  'airways',
  'records',
  'studios',
  'pictures',
  'entertainment',
  'communications',
  'telecom',
  'holdings',
  'partners',
  'industries',
  'systems',
  'technologies',
  'labs',
  'laboratory',
  'church',
  'order',
  'board',
  'bureau',
  'centre',
  'center',
  'museum',
  'library',
  'hospital',
  'militia',
  'movement',
  'front',
  'alliance',
  'coalition',
  'cabinet',
  'directorate',
  'command',
  'brigade',
  'division',
  'regiment',
  'fc',
  'staff',
  'programme',
  'program',
]);

/** Particles inside names ("Bashar al-Assad", "Charles de Gaulle"). */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'al',
  'el',
  'bin',
  'ibn',
  'de',
  'van',
  'von',
  'da',
  'di',
  'la',
  'le',
]);

/**
 * Chat's greetings and thanks, which open or close a question asked in a channel and answer
 * nothing ("hey, how do I set up a proxy? thanks in advance!"): a greeting or thanks that opens
 * the message or a clause (after . , ! ? : ;), and thanks that close the message with what
 * usually follows them ("thank you so much", "thx in advance"). Inside a clause such a word is a
 * word, for a title may hold one ("what grade was arnold from hey arnold in", "a hello world
 * example"). Chat's shorthand ("thx", "btw") and contractions ("I'm") are stopwords outright
 * (analyzer.ts).
 */
const CHAT_OPENER = /(?<=^|[.,!?:;]\s*)(?:hey|hi|hello|thanks|thank|cheers|ok|okay)\b/giu;
const CHAT_CLOSER =
  /\b(?:thanks|thank you|thank u|thx|ty|cheers)(?:\s+(?:so much|a lot|in advance|again|all|guys|everyone|folks))*[\s.,!?:;)]*$/iu;

/**
 * The character ranges of a (normalised) text that are chat's greetings and thanks, as
 * [start, end) pairs: the words a question's reading leaves out.
 *
 * @example chatFiller('hey, where is it? thanks in advance') // [[0, 3], [18, 35]]
 * @example chatFiller('arnold from hey arnold') // []
 */
export function chatFiller(text: string): [number, number][] {
  const close = CHAT_CLOSER.exec(text)?.index ?? text.length;
  const out: [number, number][] = [];
  for (const m of text.matchAll(CHAT_OPENER))
    if (m.index < close) out.push([m.index, m.index + m[0].length]);
  if (close < text.length) out.push([close, text.length]);
  return out;
}
