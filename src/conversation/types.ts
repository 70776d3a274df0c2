/**
 * A conversation is the turns of one thread (a Discord or Slack thread, a DM, the terminal): what
 * each turn said, how it was read, and what was shown in answer.
 */
import type { Engine } from '../answer/engine.ts';

/**
 * What the rule reads a turn with: the index's analysis (the engine's own reading of words) and
 * the paragraphs, for the names in a passage shown.
 */
export type ReaderEngine = Pick<Engine, 'index' | 'corpus'>;

/**
 * How a turn was read. `fresh`: a complete question, asked as it is. `pronoun`: it leans on an
 * earlier subject through a pronoun ("when did they do that?"). `ellipsis`: words are left out
 * ("and the drones?", "when?"). `correction`: it replaces what was asked ("no, I meant the
 * missiles"). `narrowing`: it adds a condition ("only in 2023").
 */
export const TURN_KINDS = ['fresh', 'pronoun', 'ellipsis', 'correction', 'narrowing'] as const;
export type TurnKind = (typeof TURN_KINDS)[number];

/** How a turn was read: the question actually asked, and the parts it was built from. */
export interface Reading {
  /** What is asked: `frame` followed by `context`, only words of the conversation. */
  question: string;
  kind: TurnKind;
  /** The question-shaped part (its wh-word and clause): this turn's own, or an earlier one's. */
  frame: string;
  /** Words carried in from earlier turns and the passages shown, as they were written. */
  context: string[];
  /** This turn's own informative words (its subject), as written. */
  own: string[];
  /**
   * A narrowing's second reading: its own words with the names the conversation is about, asked
   * instead when the first answer's best passage lacks the narrowing's words ("only the
   * missiles?" answered from a passage without missiles).
   */
  fallback?: string | undefined;
}

/** A turn once answered: its reading, and what was shown in answer. */
export interface Turn extends Reading {
  /** The turn as typed. */
  text: string;
  /** The short answer shown, if any ("Masoud Pezeshkian"). */
  short: string | null;
  /** The passages shown (the answer's, or the closest when it was not answered), best first. */
  passageIds: string[];
  at: Date;
}

/**
 * Where a thread's turns are kept (SQLite or PostgreSQL in the bot, memory in the terminal and
 * the CLI). Keys are `platform:place:thread` (see threadKey).
 */
export interface ConversationStore {
  /** The thread's turns made at or after `since`, oldest first: the latest `limit` of them. */
  turns(threadKey: string, since: Date, limit: number): Promise<Turn[]>;
  /** Adds a turn, keeping only the thread's latest `keep` turns. */
  add(threadKey: string, turn: Turn, keep: number): Promise<void>;
  /** Forgets the thread's turns (a new conversation). */
  clear(threadKey: string): Promise<void>;
}
