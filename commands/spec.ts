/**
 * A command's specification and the argument types derived from it: the options and subcommands
 * it declares, the rights and platform features it needs, who sees its reply (ArgsOf gives
 * `execute` its arguments).
 */

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
