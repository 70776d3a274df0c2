import type { Logger } from 'pino';
import type { Engine } from '../src/answer/engine.ts';
import type { Choice, MessageReply, Reply } from '../src/answer/reply.ts';

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
  /** Only members who can manage the server see and use it (Discord's default_member_permissions). */
  readonly manageServer?: boolean;
}

type ValueOf<O extends OptionSpec> = O extends { type: 'string' | 'channel' }
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

/** Who is asking, where, and the services a command may use. Built by the adapter per call. */
export interface CommandContext {
  platform: 'discord' | 'slack' | 'console';
  user: { id: string; name: string };
  guildId: string | null;
  channelId: string | null;
  /** Whether the user may manage the server (for /daily and /gaps). */
  canManageServer: boolean;
  engine: Engine;
  services: Services;
  logger: Logger;
  now: () => Date;
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
  /** Daily-post subscriptions (Discord with a database); absent in the terminal chat. */
  daily?: DailyPosts | undefined;
  /** The questions the bot could not answer, for /gaps. */
  gaps?: GapsReport | undefined;
}

export interface RecentQuestions {
  /** Remembers a question and returns a short key (≤ 12 characters) for button ids. */
  remember(entry: RecentQuestion): string;
  get(key: string): RecentQuestion | undefined;
}

export interface RecentQuestion {
  question: string;
  docSlug?: string | undefined;
  passageIds: string[];
  userId: string;
}

export interface FeedbackSink {
  /** One vote per user per answer (`answerKey`, the RecentQuestions key); a second vote replaces the first. */
  record(vote: {
    platform: string;
    answerKey: string;
    userId: string;
    question: string;
    passageIds: string[];
    vote: 1 | -1;
  }): void;
}

export interface UnansweredSink {
  /** `scope` is where it was asked (a server id), so /gaps reports each server its own. */
  record(entry: { question: string; missingTerms: string[]; scope: string | null }): void;
}

/** A channel that can receive the daily fact. */
export interface DailyChannel {
  platform: 'discord' | 'slack';
  channelId: string;
}

export interface DailySetInput extends DailyChannel {
  guildId: string;
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

/** Daily-post subscriptions, so /daily never touches storage directly. */
export interface DailyPosts {
  /** False when this process saves settings but does not post (DAILY_ENABLED=false). */
  readonly posting: boolean;
  /** Creates or replaces the channel's subscription and (re-)enables it. */
  set(input: DailySetInput): DailyChannelStatus;
  /** Removes the channel's subscription; false when there was none. */
  off(ref: DailyChannel): boolean;
  status(ref: DailyChannel): DailyChannelStatus | null;
  /** Every subscription in a server, enabled or not. */
  list(platform: DailyChannel['platform'], guildId: string): DailyChannelStatus[];
  /** What the channel's next post would look like (its topic's pool), or null with no facts. */
  preview(ref: DailyChannel, topic?: string | undefined): MessageReply | null;
  /** How many facts a topic (or the whole corpus) offers for daily posts. */
  poolSize(topic?: string | undefined): number;
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
  top(limit: number, scope: string | null): GapEntry[];
}

/** What a button press does: edit the message it is on, or send a new reply. */
export interface ButtonResult {
  mode: 'update' | 'reply';
  reply: Reply;
}

export interface Command<S extends CommandSpec = CommandSpec> {
  spec: S;
  execute(ctx: CommandContext, args: ArgsOf<S>): Promise<Reply> | Reply;
  /** Suggestions for the focused option, given what has been typed so far. */
  autocomplete?(
    ctx: CommandContext,
    focused: { name: string; value: string },
  ): Promise<Choice[]> | Choice[];
  /** Handles a press of a button whose id is `<spec.name>:<arg>`. */
  button?(ctx: CommandContext, arg: string): Promise<ButtonResult> | ButtonResult;
}

/** Declares a command with its spec's literal types kept, so `execute` sees derived argument types. */
export function defineCommand<const S extends CommandSpec>(command: Command<S>): Command<S> {
  return command;
}
