/**
 * A command and the context it runs in: who asks, where, on which platform, with which services
 * (CommandContext); its handlers (Command), declared with defineCommand.
 */
import type { Logger } from 'pino';
import type { ButtonFor, ButtonValue } from '../src/answer/buttons.ts';
import type { Engine } from '../src/answer/engine.ts';
import type { Choice, Reply } from '../src/answer/reply.ts';
import type { PlatformId } from '../src/config.ts';
import type { RecentQuestion, RecentQuestions, RecentScope } from '../src/storage/recent.ts';
import type { Services } from './services.ts';
import type { ArgsOf, CommandSpec, Permission, Visibility } from './spec.ts';

/**
 * The platforms commands run on (the one list, PLATFORM_IDS in src/config.ts). Commands never
 * branch on it; it names where a vote was cast.
 */
export type { PlatformId, RecentQuestion, RecentQuestions, RecentScope };

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
