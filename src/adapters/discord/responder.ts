/**
 * The interaction core's Responder over a discord.js interaction: every Reply rendered by the one
 * Discord renderer, every call guarded. Discord errors that are part of normal life (an
 * interaction that expired, or that another process answered first) are warnings, never fatal.
 */
import { DiscordAPIError, MessageFlags, type RepliableInteraction } from 'discord.js';
import type { Logger } from 'pino';
import type { Reply } from '../../answer/reply.ts';
import type { Responder } from '../../interactions/responder.ts';
import { createOptions, editOptions, type RenderedMessage, renderReply } from './render.ts';

/** How bad a failed Discord call is, and what it means, for the log. */
export function describeDiscordError(error: unknown): { level: 'warn' | 'error'; note: string } {
  if (error instanceof DiscordAPIError) {
    switch (error.code) {
      case 10062:
        return { level: 'warn', note: 'interaction expired before the first response (10062)' };
      case 40060:
        return {
          level: 'warn',
          note: 'interaction already acknowledged, probably by another process using this token (40060)',
        };
      case 10015:
      case 50027:
        return { level: 'warn', note: 'interaction token expired; edits are not retried' };
      case 10008:
        return { level: 'warn', note: 'message to edit no longer exists (10008)' };
      default:
        return { level: 'error', note: `Discord API error ${error.code}` };
    }
  }
  return { level: 'error', note: 'request failed' };
}

/** Runs a Discord call; logs and swallows its failure. Resolves true when it succeeded. */
export async function guarded(
  logger: Logger,
  what: string,
  call: () => Promise<unknown>,
): Promise<boolean> {
  try {
    await call();
    return true;
  } catch (error) {
    const { level, note } = describeDiscordError(error);
    logger[level]({ err: error, what }, `discord: ${what} failed: ${note}`);
    return false;
  }
}

/**
 * A Responder for one interaction. `update` and a silent deferral apply to the message a button
 * is on; for a command they fall back to a new reply and a placeholder.
 */
export function discordResponder(interaction: RepliableInteraction, logger: Logger): Responder {
  const render = (reply: Reply): RenderedMessage => {
    const rendered = renderReply(reply);
    if (rendered.warnings.length > 0)
      logger.warn({ warnings: rendered.warnings }, 'discord: reply adjusted to fit limits');
    return rendered;
  };
  const component = interaction.isMessageComponent() ? interaction : null;
  return {
    reply: (reply) =>
      guarded(logger, 'reply', () => interaction.reply(createOptions(render(reply)))),
    update: (reply) =>
      component
        ? guarded(logger, 'update', () => component.update(editOptions(render(reply))))
        : guarded(logger, 'reply', () => interaction.reply(createOptions(render(reply)))),
    defer: (how) =>
      how.kind === 'update' && component
        ? guarded(logger, 'deferUpdate', () => component.deferUpdate())
        : guarded(logger, 'deferReply', () =>
            interaction.deferReply(
              how.kind === 'reply' && how.visibility === 'public'
                ? {}
                : { flags: MessageFlags.Ephemeral },
            ),
          ),
    edit: (reply) =>
      guarded(logger, 'editReply', () => interaction.editReply(editOptions(render(reply)))),
    deletePlaceholder: () => guarded(logger, 'deleteReply', () => interaction.deleteReply()),
    followUp: (reply) =>
      guarded(logger, 'followUp', () => interaction.followUp(createOptions(render(reply)))),
  };
}
