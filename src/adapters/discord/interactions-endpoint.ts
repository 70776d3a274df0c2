/**
 * `POST /discord/interactions`: Discord's Interactions Endpoint URL. Every request is checked
 * against the application's public key before anything of it is parsed; a valid one is answered
 * through the same interaction core as the gateway, its first response being the HTTP response.
 * Everything the bot needs comes with the request (the member's permissions, the message a
 * context-menu command targets), so any instance can answer any interaction: no gateway cache.
 */
import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { InteractionResponseType, type REST } from 'discord.js';
import type { Logger } from 'pino';
import { errorReply } from '../../answer/reply.ts';
import { BodyTooLarge, parseJsonBody, readBody, sendJson } from '../../http/server.ts';
import type { InteractionCore } from '../../interactions/core.ts';
import type { Caller } from '../../interactions/invocation.ts';
import { APOLOGY, GONE_COMMAND } from '../../interactions/notices.ts';
import { fetchChannelOwner } from './channel-owner.ts';
import { optionInput } from './dispatcher.ts';
import { type FirstResponse, httpResponder } from './http-responder.ts';
import {
  type InteractionOption,
  interactionSchema,
  type UserInteraction,
} from './interaction-schema.ts';
import { heldPermissions } from './platform.ts';
import { renderChoices } from './render.ts';
import { checkSignature } from './signature.ts';

/** Interactions are a few kilobytes; this bounds what an unsigned request can make us read. */
const MAX_BODY_BYTES = 256 * 1024;

/** A message command whose target Discord did not include (it always does). */
const NO_TARGET = 'That message could not be read. Please try again.';

export interface InteractionsEndpointOptions {
  core: InteractionCore;
  /** The application's public key (discordPublicKey). */
  publicKey: KeyObject;
  /** Discord's API with the bot token: which server a channel belongs to (/daily set). */
  rest: REST;
  /**
   * For follow-ups and edits through the interaction webhook; default `rest`. Interaction
   * endpoints are not bound to Discord's global rate limit (50/s), so a REST without that limit
   * lets a burst's deferred answers out as fast as they are ready.
   */
  webhooks?: REST | undefined;
  logger: Logger;
  /** The clock the timestamp window is checked against (ms); tests move it. */
  nowMs?: () => number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The HTTP response, written once; false afterwards or when Discord has hung up. */
function firstResponse(res: ServerResponse): FirstResponse & { sent(): boolean } {
  let sent = false;
  return {
    sent: () => sent,
    send(body) {
      if (sent || res.headersSent || res.destroyed || res.writableEnded) return false;
      sent = true;
      sendJson(res, 200, body);
      return true;
    },
  };
}

function callerOf(interaction: UserInteraction, rest: REST): Caller | null {
  const user = interaction.member?.user ?? interaction.user;
  if (!user) return null;
  const resolved = interaction.type === 2 ? interaction.data.resolved?.channels : undefined;
  return {
    id: interaction.id,
    user: { id: user.id, name: user.global_name ?? user.username },
    place: {
      guildId: interaction.guild_id ?? null,
      channelId: interaction.channel_id ?? interaction.channel?.id ?? null,
    },
    permissions: interaction.member ? heldPermissions(BigInt(interaction.member.permissions)) : [],
    locale: interaction.locale ?? null,
    // From the signed request when Discord says; else Discord's API (with the bot token).
    channelOwner: async (channelId) => {
      const guildId = resolved?.[channelId]?.guild_id;
      return guildId === undefined ? fetchChannelOwner(rest, channelId) : { found: true, guildId };
    },
  };
}

/** The option being typed, at the top level or under a subcommand. */
function focusedOption(options: readonly InteractionOption[]): InteractionOption | undefined {
  for (const option of options) {
    if (option.focused) return option;
    const inner = focusedOption(option.options ?? []);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The route handler for the interactions endpoint.
 * @example http.route('POST', INTERACTIONS_PATH, interactionsEndpoint({ core, publicKey, rest, logger }));
 */
export function interactionsEndpoint(
  options: InteractionsEndpointOptions,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { core, publicKey, rest } = options;
  const webhooks = options.webhooks ?? rest;
  const nowMs = options.nowMs ?? Date.now;
  const log = options.logger;

  async function answer(interaction: UserInteraction, res: ServerResponse): Promise<void> {
    const logger = log.child({ platform: 'discord', interactionId: interaction.id });
    const caller = callerOf(interaction, rest);
    if (!caller) {
      logger.warn('discord: interaction without a user or member');
      sendJson(res, 400, { error: 'interaction without a user' });
      return;
    }
    const first = firstResponse(res);
    const responder = httpResponder(
      {
        applicationId: interaction.application_id,
        token: interaction.token,
        component: interaction.type === 3,
      },
      first,
      webhooks,
      logger,
    );
    switch (interaction.type) {
      case 2: {
        const { data } = interaction;
        if (data.type === 1) {
          await core.command(
            { ...caller, kind: 'chat', name: data.name, options: optionInput(data.options ?? []) },
            responder,
          );
        } else if (data.type === 3) {
          const target =
            data.target_id === undefined ? undefined : data.resolved?.messages?.[data.target_id];
          if (target)
            await core.command(
              {
                ...caller,
                kind: 'message',
                name: data.name,
                target: { id: target.id, text: target.content },
              },
              responder,
            );
          else await responder.reply(errorReply(NO_TARGET));
        } else {
          // A user context-menu command: this bot registers none.
          await responder.reply(errorReply(GONE_COMMAND));
        }
        break;
      }
      case 3:
        await core.button({ ...caller, customId: interaction.data.custom_id }, responder);
        break;
      case 4: {
        const focused = focusedOption(interaction.data.options ?? []);
        const choices = renderChoices(
          await core.autocomplete({
            ...caller,
            name: interaction.data.name,
            focused: { name: focused?.name ?? '', value: String(focused?.value ?? '') },
          }),
        );
        first.send({
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices },
        });
        break;
      }
      case 5:
        // A modal from an older version: this one opens none.
        await responder.reply(errorReply(GONE_COMMAND));
        break;
    }
    // The core always answers; if a bug ever kept it from doing so, the user still hears back.
    if (!first.sent()) {
      logger.error('discord: interaction finished without a first response');
      await responder.reply(errorReply(APOLOGY));
    }
  }

  return async (req, res) => {
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    if (signature === undefined || timestamp === undefined) {
      log.info('discord: interaction request refused (missing signature headers)');
      sendJson(res, 401, { error: 'missing signature headers' });
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (error) {
      // Too large: answered, then the connection closes (its rest is never read). Otherwise
      // the client went away mid-body: nobody to answer.
      if (error instanceof BodyTooLarge && !res.headersSent)
        sendJson(res, 413, { error: 'body too large' });
      return;
    }
    const check = checkSignature(publicKey, { signature, timestamp, body }, nowMs());
    if (!check.ok) {
      log.info({ timestamp }, `discord: interaction request refused (${check.reason})`);
      sendJson(res, 401, { error: 'invalid request signature' });
      return;
    }
    // Depth before parsing: the schema's recursion must never meet a body nested 1,000 deep.
    const json = parseJsonBody(body);
    if (!json.ok) {
      log.warn({ reason: json.reason }, 'discord: signed interaction request refused');
      sendJson(res, 400, {
        error: json.reason === 'too deep' ? 'JSON nested too deep' : 'not JSON',
      });
      return;
    }
    const parsed = interactionSchema.safeParse(json.value);
    if (!parsed.success) {
      log.warn(
        { issues: parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) },
        'discord: signed interaction request of an unexpected shape',
      );
      sendJson(res, 400, { error: 'unexpected interaction' });
      return;
    }
    const interaction = parsed.data;
    if (interaction.type === 1) {
      sendJson(res, 200, { type: InteractionResponseType.Pong });
      return;
    }
    await answer(interaction, res);
  };
}
