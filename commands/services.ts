/**
 * The services a command may use beyond the engine (Services), and each one's contract: feedback
 * and unanswered sinks, daily posts, the gaps report, corpus reload and /autoanswer's settings.
 */
import type { MessageReply } from '../src/answer/reply.ts';
import type { PlatformId } from '../src/config.ts';
import type { ReloadResult } from '../src/reload/reloader.ts';
import type { RecentQuestions } from '../src/storage/recent.ts';

/**
 * Services beyond the engine. Optional ones may be absent (e.g. the console has no daily posts);
 * a command that needs a missing one replies that the feature is not available here.
 */
export interface Services {
  /** Recent questions, so buttons (share, vote) can refer to them in a short id. */
  recent: RecentQuestions;
  feedback?: FeedbackSink | undefined;
  unanswered?: UnansweredSink | undefined;
  /** This platform's daily posts (a chat platform with a database); absent in the terminal chat. */
  daily?: DailyPosts | undefined;
  /** The questions the bot could not answer, for /gaps. */
  gaps?: GapsReport | undefined;
  /** Reloads the documents now (/reload); absent where the bot cannot reload. */
  reload?: CorpusReload | undefined;
  /** Where this platform's bot answers chat messages (/autoanswer); absent without messages. */
  autoanswer?: AutoAnswerSettings | undefined;
}

/**
 * How the bot answers messages in a channel a moderator enabled (README "Asking in chat"):
 * - `mention`: only messages that mention it (as everywhere), with this channel's settings;
 * - `questions`: also every question-like message posted in the channel;
 * - `forum`: also every new post of this forum channel.
 */
export type AutoAnswerMode = 'mention' | 'questions' | 'forum';
export const AUTO_ANSWER_MODES: readonly AutoAnswerMode[] = ['mention', 'questions', 'forum'];

/** One channel's /autoanswer settings. */
export interface AutoAnswerChannel {
  guildId: string;
  channelId: string;
  mode: AutoAnswerMode;
  /**
   * True (the default): when an unsolicited question finds no confident answer, say nothing;
   * false: say "I found nothing in the documents for this".
   */
  quiet: boolean;
  /** The role (Discord) or user group (Slack) the **Ask a human** button pings; null: no button. */
  humanRole: string | null;
  createdBy: string;
  updatedAt: string;
}

export type AutoAnswerInput = Omit<AutoAnswerChannel, 'updatedAt'>;

/** "Ask a human" on an answer: the role to ping, at most once per answer. */
export type HumanCall =
  | { ok: true; role: string }
  | { ok: false; reason: 'no_role' | 'already' | 'unknown' };

/**
 * /autoanswer's view of one platform's channel settings, scoped by server like DailyPosts, and
 * what the platform can serve now.
 */
export interface AutoAnswerSettings {
  /** Modes this platform serves now; the others with why not (a missing intent, no forums). */
  readonly available: readonly AutoAnswerMode[];
  readonly unavailable: Readonly<Partial<Record<AutoAnswerMode, string>>>;
  /** Creates or replaces a channel's settings; `foreign` when another server configured it. */
  set(
    input: AutoAnswerInput,
  ): Promise<{ ok: true; channel: AutoAnswerChannel } | { ok: false; reason: 'foreign' }>;
  /** Removes the channel's settings; false when this server has none there. */
  off(ref: DailyChannel): Promise<boolean>;
  /** Every configured channel of a server. */
  list(guildId: string): Promise<AutoAnswerChannel[]>;
  /** The human-help ping for the answer whose buttons carry `key`, claimed once. */
  askHuman(key: string): Promise<HumanCall>;
}

/** How a reload went: the new counts, or why the previous documents are still served. */
export type ReloadOutcome = ReloadResult;

export interface CorpusReload {
  /** Rebuilds the index from the documents as they are now and swaps it in. Never rejects. */
  reload(): Promise<ReloadOutcome>;
}

export interface FeedbackSink {
  /** One vote per user per answer (`answerKey`, the RecentQuestions key); a second vote replaces the first. */
  record(vote: {
    platform: PlatformId;
    answerKey: string;
    userId: string;
    question: string;
    passageIds: string[];
    vote: 1 | -1;
  }): Promise<void>;
}

export interface UnansweredSink {
  /** `scope` is where it was asked (a server id), so /gaps reports each server its own. Never rejects. */
  record(entry: { question: string; missingTerms: string[]; scope: string | null }): Promise<void>;
}

/** A channel of a server, as the daily posts of one platform address it. */
export interface DailyChannel {
  guildId: string;
  channelId: string;
}

export interface DailySetInput extends DailyChannel {
  /** `HH:MM`, 24-hour, already validated. */
  localTime: string;
  /** A canonical IANA zone name, already validated. */
  timeZone: string;
  topic?: string | undefined;
  createdBy: string;
}

/** One channel's daily post as /daily status shows it. */
export interface DailyChannelStatus {
  channelId: string;
  guildId: string;
  localTime: string;
  timeZone: string;
  topic: string | null;
  enabled: boolean;
  /** Why posting stopped (a permanent error such as a missing permission), when it did. */
  disabledReason: string | null;
  disabledAt: string | null;
  /** Local date (`YYYY-MM-DD`) of the last post, or null before the first. */
  lastPostedLocalDate: string | null;
  /** When the next post is due, or null when disabled. */
  nextPostAt: Date | null;
  /** Today's attempt failed or is being retried: the last error, for the admins. */
  lastError: string | null;
  /** Facts not yet posted in this channel's cycle (all of them once a cycle is used up). */
  factsLeft: number;
  /** Facts the channel's topic has in all. */
  poolSize: number;
}

/**
 * The daily posts of the platform the command runs on, so /daily never touches storage. Every
 * lookup is scoped by the server: a channel of another server is not found.
 */
export interface DailyPosts {
  /** False when this process saves settings but does not post (DAILY_ENABLED=false). */
  readonly posting: boolean;
  /**
   * Creates or replaces the channel's subscription and (re-)enables it; `foreign` when the
   * channel is subscribed in another server.
   */
  set(
    input: DailySetInput,
  ): Promise<{ ok: true; status: DailyChannelStatus } | { ok: false; reason: 'foreign' }>;
  /** Removes the channel's subscription; false when the server has none there. */
  off(ref: DailyChannel): Promise<boolean>;
  status(ref: DailyChannel): Promise<DailyChannelStatus | null>;
  /** Every subscription in a server, enabled or not. */
  list(guildId: string): Promise<DailyChannelStatus[]>;
  /** What the channel's next post would look like (its topic's pool), or null with no facts. */
  preview(ref: DailyChannel | null, topic?: string | undefined): Promise<MessageReply | null>;
  /** How many facts a topic (or the whole corpus) offers for daily posts. */
  poolSize(topic?: string | undefined): Promise<number>;
}

/** A group of unanswered questions, most frequent first. */
export interface GapEntry {
  /** The most recent wording. */
  question: string;
  count: number;
  lastAsked: string;
  missingTerms: string[];
}

export interface GapsReport {
  /** The gaps of one scope (a server id; null for none). */
  top(limit: number, scope: string | null): Promise<GapEntry[]>;
}
