import type { Logger } from 'pino';
import type { ButtonFor, ButtonValue } from '../src/answer/buttons.ts';
import type { Engine } from '../src/answer/engine.ts';
import type { Choice, MessageReply, Reply } from '../src/answer/reply.ts';
import type { PlatformId } from '../src/config.ts';
import type { ReloadResult } from '../src/reload/reloader.ts';
import type { RecentQuestion, RecentQuestions, RecentScope } from '../src/storage/recent.ts';

/**
 * The platforms commands run on (the one list, PLATFORM_IDS in src/config.ts). Commands never
 * branch on it; it names where a vote was cast.
 */
export type { PlatformId, RecentQuestion, RecentQuestions, RecentScope };

/** Platform-neutral rights a user may hold where they ask (Discord: Manage Server). */
export const PERMISSIONS = ['manageServer'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * What a platform offers beyond answering a user; a command declares the ones it needs and the
 * interaction core neither runs nor lists it where they are missing.
 * - `servers`: users act inside servers or workspaces with moderators (per-server state);
 * - `channelPosts`: the bot can post to a channel on its own (the daily fact);
 * - `messageCommands`: a command can be run on someone's message (a context menu, a shortcut);
 * - `messages`: the bot reads messages in chat and may answer them (see /autoanswer).
 */
export type Feature = 'servers' | 'channelPosts' | 'messageCommands' | 'messages';

export type Visibility = 'public' | 'private';

/**
 * A command's specification is constant data (declared `as const satisfies CommandSpec`): the
 * adapters register it with the platform and the argument types of `execute` are derived from it.
 */
export type OptionSpec =
  | {
      readonly type: 'string';
      readonly name: string;
      readonly description: string;
      readonly required?: boolean;
      readonly maxLength?: number;
      readonly autocomplete?: boolean;
      readonly choices?: readonly { readonly name: string; readonly value: string }[];
    }
  | {
      readonly type: 'boolean';
      readonly name: string;
      readonly description: string;
      readonly required?: boolean;
    }
  | {
      readonly type: 'integer';
      readonly name: string;
      readonly description: string;
      readonly required?: boolean;
      readonly min?: number;
      readonly max?: number;
    }
  /** A text channel of the server (Discord) or conversation (Slack); the value is its id. */
  | {
      readonly type: 'channel';
      readonly name: string;
      readonly description: string;
      readonly required?: boolean;
      /** The kinds of channel it may be; default text channels only. */
      readonly kinds?: readonly ('text' | 'forum')[];
    }
  /** A role of the server (Discord) or a user group (Slack); the value is its id. */
  | {
      readonly type: 'role';
      readonly name: string;
      readonly description: string;
      readonly required?: boolean;
    };

export interface SubcommandSpec {
  readonly type: 'subcommand';
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
}

export interface CommandSpec {
  /** Lowercase, ≤ 32 characters, for chat commands; any case for message context menus. */
  readonly name: string;
  readonly description: string;
  /** 'chat' is a slash command; 'message' a message context-menu command (argument: `message`). */
  readonly kind: 'chat' | 'message';
  readonly options: readonly (OptionSpec | SubcommandSpec)[];
  /**
   * Only users holding this permission see and use it: the core refuses the others, and Discord
   * registers it with default_member_permissions.
   */
  readonly permission?: Permission;
  /**
   * Anyone may press the buttons it puts on messages, whatever `permission` says (/autoanswer's
   * Solved, Not helpful and Ask a human sit on answers posted for everyone).
   */
  readonly openButtons?: boolean;
  /** 'question': counts against the per-user question rate limit (it sends free text to the engine). */
  readonly cooldown?: 'question';
  /**
   * Who sees the answer. `option` names a boolean option whose `true` means private and `false`
   * public; without it the reply is `default`. Without this field: private. The core defers with
   * the same visibility, and errors are always private.
   */
  readonly visibility?: { readonly default: Visibility; readonly option?: string };
  /** Platform features the command needs (see Feature). */
  readonly requires?: readonly Feature[];
  /** Its line in /help; default: the description. */
  readonly help?: string;
}

type ValueOf<O extends OptionSpec> = O extends { type: 'string' | 'channel' | 'role' }
  ? string
  : O extends { type: 'boolean' }
    ? boolean
    : number;

type OptionArgs<Opts extends readonly (OptionSpec | SubcommandSpec)[]> = {
  [O in Extract<Opts[number], OptionSpec> as O extends { required: true }
    ? O['name']
    : never]: ValueOf<O>;
} & {
  [O in Extract<Opts[number], OptionSpec> as O extends { required: true }
    ? never
    : O['name']]?: ValueOf<O>;
};

type SubcommandArgs<S extends SubcommandSpec> = S extends SubcommandSpec
  ? { subcommand: S['name'] } & OptionArgs<S['options']>
  : never;

/** The arguments `execute` receives, derived from the spec. */
export type ArgsOf<S extends CommandSpec> = S['kind'] extends 'message'
  ? { message: string; messageId: string }
  : [Extract<S['options'][number], SubcommandSpec>] extends [never]
    ? OptionArgs<S['options']>
    : SubcommandArgs<Extract<S['options'][number], SubcommandSpec>>;

/**
 * What a command may know about the platform it runs on: words for help and for errors, never
 * something to branch on (commands declare what they need in their spec instead).
 */
export interface PlatformInfo {
  readonly id: PlatformId;
  /** How users type a chat command: "/ask" on Discord, "/dossier ask" on Slack. */
  commandLabel(name: string): string;
  /** How users reach a message command ("right-click a message → Apps"); null where there are none. */
  readonly messageCommandHint: string | null;
  /** A permission as this platform's users know it ("Manage Server"). */
  permissionName(permission: Permission): string;
  /** What to grant so the bot can post in a channel, as a sentence fragment after "To fix it, ". */
  readonly channelAccessFix: string;
}

/**
 * Which server a channel belongs to, as the platform itself says (not what the user typed):
 * `guildId` null for a channel of no server (a DM); not found, or the platform could not be asked.
 */
export type ChannelOwner =
  | { found: true; guildId: string | null }
  | { found: false; reason: 'unknown' | 'unreachable'; detail?: string | undefined };

/** Who is asking, where, and the services a command may use. Built by the interaction core per call. */
export interface CommandContext {
  platform: PlatformInfo;
  user: { id: string; name: string };
  /** The server (Discord guild, Slack workspace); null in direct messages and the terminal. */
  guildId: string | null;
  channelId: string | null;
  /** What the user may do here. */
  permissions: readonly Permission[];
  /** Who sees the reply, resolved by the core from the spec's `visibility` and the options. */
  visibility: Visibility;
  /** The user's language as the platform reports it (e.g. "en-US"); null when unknown. */
  locale: string | null;
  /** The commands this user can run here, in registry order (for /help). */
  commands: readonly CommandSpec[];
  engine: Engine;
  services: Services;
  logger: Logger;
  now: () => Date;
  /** Asks the platform which server a channel belongs to (before /daily set stores it). */
  channelOwner(channelId: string): Promise<ChannelOwner>;
}

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

/** What a button press does: edit the message it is on, or send a new reply. */
export interface ButtonResult {
  mode: 'update' | 'reply';
  reply: Reply;
}

/**
 * A command: its spec, and handlers. `B` is the buttons it handles (derived from its name by
 * `defineCommand`; see src/answer/buttons.ts).
 */
export interface Command<S extends CommandSpec = CommandSpec, B extends ButtonValue = ButtonValue> {
  spec: S;
  execute(ctx: CommandContext, args: ArgsOf<S>): Promise<Reply> | Reply;
  /** Suggestions for the focused option, given what has been typed so far. */
  autocomplete?(
    ctx: CommandContext,
    focused: { name: string; value: string },
  ): Promise<Choice[]> | Choice[];
  /** Handles a press of one of its buttons (see src/answer/buttons.ts), already parsed. */
  button?(ctx: CommandContext, value: B): Promise<ButtonResult> | ButtonResult;
}

/**
 * Where the buttons of a reply made here work: this platform and server, and for a private reply
 * only for this user (the interaction core stamps and checks it again).
 */
export function buttonScope(ctx: CommandContext, visibility: Visibility): RecentScope {
  return {
    platform: ctx.platform.id,
    guildId: ctx.guildId,
    userId: visibility === 'private' ? ctx.user.id : null,
  };
}

/** Declares a command with its spec's literal types kept, so `execute` sees derived argument types. */
export function defineCommand<const S extends CommandSpec>(
  command: Command<S, ButtonFor<S['name']>>,
): Command<S, ButtonFor<S['name']>> {
  return command;
}
