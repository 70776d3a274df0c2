/**
 * Whether a chat message reads as a question someone asks the channel, for `/autoanswer … mode:
 * questions` (README "Asking in chat"). One rule for every platform, over plain text the adapter
 * has already taken mentions out of. It is deliberately narrow: an unsolicited answer to
 * something that was not a question is worse than silence, and anyone can still @mention the bot.
 *
 * A message is question-like when, after dropping code, links, emoji and the small talk around it
 * (a greeting, thanks, a signature: "Hey all, … ? Thanks, Sam"):
 * - it is QUESTION_MIN_CHARS..QUESTION_MAX_CHARS long with at least QUESTION_MIN_WORDS words;
 * - it ends with a question mark (?, ？, ؟, or opens with ¿), or it starts with a question word
 *   (what, who, when, where, which, why, how…) or an auxiliary (is, are, do, does, can, could,
 *   should, would, will, has…) followed by more words and does not end with "." or "!";
 * - it is not a reply to someone else's message and mentions no one else (a conversation between
 *   people), which the caller says (`QuestionContext`).
 */
import { withoutSmallTalk } from '../language/small-talk.ts';

/** Shorter than this is chatter ("ok?", "why?"). */
export const QUESTION_MIN_CHARS = 10;
/** Longer than this is a discussion, not a question (and /ask's own limit is 300). */
export const QUESTION_MAX_CHARS = 300;
export const QUESTION_MIN_WORDS = 3;

const QUESTION_WORDS = new Set([
  'what',
  'whats',
  "what's",
  'who',
  'whom',
  'whose',
  "who's",
  'when',
  'where',
  "where's",
  'which',
  'why',
  'how',
  "how's",
]);

const AUXILIARIES = new Set([
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'can',
  'could',
  'should',
  'would',
  'will',
  'has',
  'have',
  'had',
  'may',
  'might',
  'shall',
  'am',
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "don't",
  "doesn't",
  "didn't",
  "can't",
  "couldn't",
  "shouldn't",
  "wouldn't",
  "won't",
  "hasn't",
  "haven't",
]);

/** What the platform knows about a message beyond its text. */
export interface QuestionContext {
  /** It replies to another person's message. */
  replyToOther: boolean;
  /** It mentions someone other than the bot. */
  mentionsOthers: boolean;
}

/** The message's prose: code, links, custom emoji, mentions and extra spaces removed. */
export function prose(text: string): string {
  return text
    .replace(/```[\s\S]*?```/gu, ' ')
    .replace(/`[^`\n]*`/gu, ' ')
    .replace(/<[@#!&][^>\s]{1,100}>/gu, ' ')
    .replace(/<?https?:\/\/\S+>?/gu, ' ')
    .replace(/<a?:\w{1,32}:\d{1,21}>/gu, ' ')
    .replace(/\p{Extended_Pictographic}|\p{Emoji_Modifier}|\u200d|\ufe0f/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
}

/**
 * Whether a message is small talk and nothing else ("thanks!", "hey", "Thanks, Sam"): no one
 * asked anything, and the bot says nothing back, not even "add a keyword".
 * @example isSmallTalk('thanks so much!') // true
 */
export function isSmallTalk(text: string): boolean {
  return !/[\p{L}\p{N}]/u.test(withoutSmallTalk(prose(text)));
}

/**
 * The rule above.
 * @example isQuestionLike('How many drones did Iran send?', { replyToOther: false, mentionsOthers: false }) // true
 */
export function isQuestionLike(text: string, context: QuestionContext): boolean {
  if (context.replyToOther || context.mentionsOthers) return false;
  const full = prose(text);
  if ([...full].length > QUESTION_MAX_CHARS) return false;
  const body = withoutSmallTalk(full);
  if ([...body].length < QUESTION_MIN_CHARS) return false;
  const words = body
    .toLowerCase()
    .replace(/[’‘]/gu, "'")
    .split(/\s+/u)
    .map((w) => w.replace(/^[^\p{L}\p{N}']+|[^\p{L}\p{N}']+$/gu, ''))
    .filter((w) => w !== '');
  if (words.length < QUESTION_MIN_WORDS) return false;
  if (/[?？؟]\W*$/u.test(body) || body.startsWith('¿')) return true;
  if (/[.!]\W*$/u.test(body)) return false;
  const first = words[0] ?? '';
  return QUESTION_WORDS.has(first) || AUXILIARIES.has(first);
}
