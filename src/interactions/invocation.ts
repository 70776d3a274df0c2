/**
 * What an adapter hands the interaction core: platform-neutral descriptions of a command, a button
 * press and an autocomplete request. Nothing here is a platform object.
 */
import type { Permission } from '../../commands/spec.ts';
import type { ChannelOwner } from '../../commands/types.ts';

/** Who is acting, where, and what they may do there. */
export interface Caller {
  /** The platform's id for this interaction (for the log). */
  id: string;
  user: { id: string; name: string };
  /** The server (Discord guild, Slack workspace) and channel; nulls in DMs and the terminal. */
  place: { guildId: string | null; channelId: string | null };
  /** Platform-neutral rights the user holds in this place (from the platform's own permissions). */
  permissions: readonly Permission[];
  /** The user's language as the platform reports it, e.g. "en-US"; null when unknown. */
  locale: string | null;
  /**
   * Which server a channel belongs to, from the platform (the interaction's own data, or its
   * API); absent where the platform cannot tell, and then no channel is taken as this server's.
   */
  channelOwner?: ((channelId: string) => Promise<ChannelOwner>) | undefined;
}

/**
 * Option values as the platform gave them, checked by the core against the command's spec.
 * `values` are by option name: typed values (Discord sends numbers and booleans), or strings from
 * a text platform when `fromText` is set (numbers and booleans are then read from the text).
 */
export interface OptionInput {
  subcommand?: string | undefined;
  values: Readonly<Record<string, unknown>>;
  fromText?: boolean | undefined;
}

/** A chat command (slash command, `/dossier …`, a typed line) or a message command. */
export type CommandInvocation = Caller &
  (
    | { kind: 'chat'; name: string; options: OptionInput }
    /** Run on a message (context menu, shortcut): its text and id. */
    | { kind: 'message'; name: string; target: { id: string; text: string } }
  );

/** A press of a button this bot put on a message; `customId` is the id it was given. */
export interface ButtonPress extends Caller {
  customId: string;
}

/** Suggestions wanted for the option being typed. */
export interface AutocompleteRequest extends Caller {
  name: string;
  focused: { name: string; value: string };
}
