import type { MessageReply } from '../answer/reply.ts';

/**
 * Why a platform call failed. `permanent` means retrying will not help until someone acts (lost
 * access, a deleted channel): the subscription is disabled with `reason`. Otherwise the post is
 * retried on a later tick. Which platform errors are permanent is the adapter's knowledge.
 */
export interface SendFailure {
  ok: false;
  permanent: boolean;
  /** The platform's own error code, only for the reason shown to admins and the log. */
  code?: number | string | undefined;
  reason: string;
}

export type AccessResult = { ok: true; embeds: boolean } | SendFailure;
export type SendResult = { ok: true; messageId: string } | SendFailure;

export interface SendOptions {
  /** From `checkAccess`: false means plain text (rich formatting is not allowed there). */
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
   * Posts `reply` to the channel with mentions disabled. `nonce` is the same on every re-send of
   * one day's post: a platform that can deduplicate by it (Discord's enforce_nonce) must, so a
   * re-send after a crash returns the message that already went out instead of posting twice.
   */
  send(
    channelId: string,
    reply: MessageReply,
    nonce: string,
    options?: SendOptions,
  ): Promise<SendResult>;
}
