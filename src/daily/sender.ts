import type { MessageReply } from '../answer/reply.ts';

/** Why a platform call failed. `permanent` means retrying will not help (the adapter's call). */
export interface SendFailure {
  ok: false;
  permanent: boolean;
  /** The platform's error code, e.g. Discord's JSON error code 50013 (Missing Permissions). */
  code?: number | undefined;
  reason: string;
}

export type AccessResult = { ok: true; embeds: boolean } | SendFailure;
export type SendResult = { ok: true; messageId: string } | SendFailure;

export interface SendOptions {
  /** From `checkAccess`: false means render the reply as plain text (no Embed Links). */
  embeds: boolean;
}

/**
 * What a platform adapter implements so the daily service can post. Implementations must not
 * throw for expected failures (return `{ ok: false }`); anything thrown counts as transient.
 */
export interface Sender {
  /** Whether the bot can post in the channel now, and whether it may use embeds there. */
  checkAccess(channelId: string): Promise<AccessResult>;
  /**
   * Posts `reply` to the channel. Discord: render with allowed_mentions `{ parse: [] }` and send
   * `nonce` with `enforce_nonce: true`, so a re-send after a crash returns the message that
   * already went out instead of posting it twice.
   */
  send(
    channelId: string,
    reply: MessageReply,
    nonce: string,
    options?: SendOptions,
  ): Promise<SendResult>;
}

/**
 * Discord JSON error codes after which posting to the channel cannot succeed until someone acts,
 * so the subscription is disabled instead of retried: Unknown Channel (10003), Unknown Guild
 * (10004), Cannot send in a forum channel (40058), Missing Access (50001), Cannot send in a
 * non-text channel (50008), Missing Permissions (50013), Archived thread (50083), Thread locked
 * (160005).
 */
export const PERMANENT_DISCORD_CODES: readonly number[] = [
  10003, 10004, 50001, 50013, 50008, 40058, 50083, 160005,
];

/** True when a failure should disable the subscription rather than be retried. */
export function isPermanentFailure(failure: SendFailure): boolean {
  return (
    failure.permanent ||
    (failure.code !== undefined && PERMANENT_DISCORD_CODES.includes(failure.code))
  );
}
