/**
 * What the interaction core reports about each interaction, and asks before taking one: the bot
 * runtime implements it (metrics, the in-flight count graceful shutdown waits for). Nothing here
 * knows a metrics library or a platform.
 */
import type { PlatformId } from '../../commands/types.ts';
import type { Admission, AdmitOptions } from './queue.ts';

/**
 * How an interaction ended:
 * - `answered`: the command's answer went out (for a question: passages were found);
 * - `not_found`: a question the documents do not answer (said so, with the closest reading);
 * - `needs_keyword`: a question without an informative word;
 * - `invalid`: refused for its input (a bad option, an unknown document);
 * - `forbidden`: the user lacks the command's permission;
 * - `rate_limited`: the user's question rate limit;
 * - `unavailable`: a command this platform or version does not serve, or a stale button;
 * - `restarting`: arrived while the bot was stopping (told to try again);
 * - `busy`: shed past the work queue's bound (told to try again in a moment);
 * - `error`: our own failure (the user got the apology);
 * - `undelivered`: the platform refused the answer (e.g. the interaction expired);
 * - `unsure`: a chat question nobody asked the bot had no confident answer (not posted, or
 *   "I found nothing…" where the moderator chose it).
 */
export type InteractionOutcome =
  | 'answered'
  | 'not_found'
  | 'needs_keyword'
  | 'invalid'
  | 'forbidden'
  | 'rate_limited'
  | 'unavailable'
  | 'restarting'
  | 'busy'
  | 'error'
  | 'undelivered'
  | 'unsure';

export interface InteractionRecord {
  platform: PlatformId;
  /** `message`: a chat message the bot took up (its `command` is why: mention, question…). */
  kind: 'command' | 'button' | 'message';
  /** The command's name (a button's command), or '' when unknown. */
  command: string;
  guildId: string | null;
  /** From the core receiving it to the last response call returning. */
  seconds: number;
  outcome: InteractionOutcome;
  /** The command sends free text to the engine (its spec declares `cooldown: 'question'`). */
  question: boolean;
}

export interface InteractionMonitor {
  /** False once the bot is stopping: new commands and buttons get the restarting reply. */
  accepting(): boolean;
  /** An interaction starts; the returned function ends it (shutdown waits for those in flight). */
  begin(): () => void;
  /**
   * Where its work stands in the process's work queue (see WorkQueue): start now, wait (and be
   * deferred at once), or be shed. Without it, work starts at once.
   */
  admit?(options?: AdmitOptions): Admission;
  /** One finished interaction (the core logs it; this counts it). */
  finished(record: InteractionRecord): void;
  /** Whether the interaction's log line carries the question text (LOG_QUESTIONS=true). */
  readonly logQuestions: boolean;
}

/** What a platform adapter reports beyond interactions: errors it logged (counted, never silent). */
export interface Monitor extends InteractionMonitor {
  error(source: string): void;
}
