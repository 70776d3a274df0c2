/**
 * The interaction core's Responder for one Slack interaction. Bolt has already acknowledged it
 * (within Slack's 3 seconds, before anything else ran), so every answer goes through the
 * interaction's response_url (at most 5 posts in 30 minutes) and, when that is spent or fails,
 * through the Web API. Pictures go up as files (files.uploadV2) only with a message the channel
 * sees: an ephemeral answer cannot carry a file, so it describes the picture instead and its
 * "Share in channel" button posts the picture too.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { Visibility } from '../../../commands/spec.ts';
import type { Attachment, Reply } from '../../answer/reply.ts';
import type { Responder } from '../../interactions/responder.ts';
import { renderSlackMessage, type SlackMessage } from './render.ts';
import type { ResponsePayload, ResponseUrl } from './response-url.ts';
import { fitEscaped } from './text.ts';

/** Shown while a slow answer is being prepared (replaced by the answer). */
export const PLACEHOLDER = '⏳ Looking through the documents…';
/** Ours: an alt text on Slack stays this short (Slack's limit is 1,000 characters). */
const ALT_MAX = 1000;

export interface SlackInteraction {
  /** What the user did: a command's answer is new; a button's may replace its message. */
  kind: 'command' | 'button';
  responseUrl: ResponseUrl | null;
  channelId: string | null;
  userId: string;
  /** For a button: whether its message is ephemeral, and its timestamp when it is not. */
  message?: { ephemeral: boolean; ts: string | null } | undefined;
}

export interface SlackResponderDeps {
  client: webApi.WebClient;
  logger: Logger;
}

function hasPictures(reply: Reply): reply is Extract<Reply, { kind: 'message' }> & {
  attachments: Attachment[];
} {
  return reply.kind === 'message' && (reply.attachments?.length ?? 0) > 0;
}

function isPublic(reply: Reply): boolean {
  return reply.kind === 'message' && reply.visibility === 'public';
}

/** A Slack Web API error as one line for the log (the `error` field Slack sent, when it did). */
export function slackErrorText(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'data' in error) {
    const { data } = error;
    if (typeof data === 'object' && data !== null && 'error' in data) return String(data.error);
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * Posts a reply's pictures to a channel as files, each with its alt text. Resolves false (and
 * logs why) when Slack refused one, e.g. the bot is not in the channel.
 */
export async function uploadPictures(
  client: webApi.WebClient,
  channelId: string,
  pictures: readonly Attachment[],
  logger: Logger,
): Promise<boolean> {
  try {
    for (const picture of pictures) {
      await client.filesUploadV2({
        channel_id: channelId,
        file: Buffer.from(picture.data),
        filename: picture.name,
        title: picture.name.replace(/\.png$/iu, ''),
        alt_text: picture.alt.slice(0, ALT_MAX),
      });
    }
    return true;
  } catch (error) {
    logger.warn(
      { err: error, channelId, reason: slackErrorText(error) },
      'slack: picture upload failed',
    );
    return false;
  }
}

/**
 * A Responder for one interaction.
 * @example await core.command(invocation, slackResponder({ kind: 'command', responseUrl, channelId, userId }, { client, logger }));
 */
export function slackResponder(interaction: SlackInteraction, deps: SlackResponderDeps): Responder {
  const { client, logger } = deps;
  const { responseUrl, channelId, userId } = interaction;
  /** A command's "looking…" message, and who sees it, once `defer` posted one. */
  let placeholder: Visibility | null = null;

  const render = (reply: Reply, pictures: 'upload' | 'alt'): SlackMessage => {
    const message = renderSlackMessage(reply, { pictures });
    if (message.warnings.length > 0)
      logger.warn({ warnings: message.warnings }, 'slack: reply adjusted to fit limits');
    return message;
  };

  async function viaResponseUrl(payload: ResponsePayload): Promise<'ok' | 'unavailable'> {
    if (!responseUrl) return 'unavailable';
    return (await responseUrl.post(payload)) === 'ok' ? 'ok' : 'unavailable';
  }

  /** A new message through the Web API (the response_url is spent, expired or failing). */
  async function viaWebApi(message: SlackMessage): Promise<boolean> {
    if (channelId === null) return false;
    try {
      if (message.ephemeral) {
        await client.chat.postEphemeral({
          channel: channelId,
          user: userId,
          text: message.text,
          blocks: message.blocks,
        });
      } else {
        await client.chat.postMessage({
          channel: channelId,
          text: message.text,
          blocks: message.blocks,
          unfurl_links: false,
          unfurl_media: false,
        });
      }
      return true;
    } catch (error) {
      logger.warn({ err: error, reason: slackErrorText(error) }, 'slack: Web API fallback failed');
      return false;
    }
  }

  async function newMessage(message: SlackMessage): Promise<boolean> {
    const sent = await viaResponseUrl({
      text: message.text,
      blocks: message.blocks,
      response_type: message.ephemeral ? 'ephemeral' : 'in_channel',
      replace_original: false,
    });
    return sent === 'ok' || (await viaWebApi(message));
  }

  /** After a public message with pictures: the files, or a private note describing them. */
  async function sharePictures(reply: Reply): Promise<void> {
    if (!hasPictures(reply) || channelId === null) return;
    if (await uploadPictures(client, channelId, reply.attachments, logger)) return;
    const alt = reply.attachments.map((p) => p.alt).join(' ');
    await newMessage(
      render(
        {
          kind: 'error',
          text: `I could not post the picture in this channel (invite the bot: /invite @Dossier). It shows: ${alt}`,
        },
        'alt',
      ),
    );
  }

  /** A reply as a new message; a public one's pictures follow as files. */
  async function post(reply: Reply): Promise<boolean> {
    const upload = isPublic(reply) && hasPictures(reply);
    const sent = await newMessage(render(reply, upload ? 'upload' : 'alt'));
    if (sent && upload) await sharePictures(reply);
    return sent;
  }

  /**
   * Replaces the message the response_url belongs to (a button's message, or a command's
   * placeholder). A non-ephemeral button message can still be updated by its timestamp.
   */
  async function replace(message: SlackMessage): Promise<boolean> {
    const sent = await viaResponseUrl({
      text: message.text,
      blocks: message.blocks,
      replace_original: true,
    });
    if (sent === 'ok') return true;
    const ts = interaction.message?.ts ?? null;
    if (ts === null || channelId === null || interaction.message?.ephemeral) return false;
    try {
      await client.chat.update({
        channel: channelId,
        ts,
        text: message.text,
        blocks: message.blocks,
      });
      return true;
    } catch (error) {
      logger.warn({ err: error, reason: slackErrorText(error) }, 'slack: chat.update failed');
      return false;
    }
  }

  /** A button's message replaced; its pictures are already in the channel, or it is private. */
  function updateButtonMessage(reply: Reply): Promise<boolean> {
    const ephemeral = interaction.message?.ephemeral ?? true;
    return replace(render(reply, ephemeral ? 'alt' : 'upload'));
  }

  return {
    reply: post,
    update: (reply) => (interaction.kind === 'button' ? updateButtonMessage(reply) : post(reply)),
    async defer(how) {
      // Bolt acknowledged already; a button's message simply stays until it is replaced.
      if (how.kind === 'update') return true;
      const ephemeral = how.visibility === 'private';
      const text = fitEscaped(PLACEHOLDER, 200);
      const sent = await viaResponseUrl({
        text,
        blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }],
        response_type: ephemeral ? 'ephemeral' : 'in_channel',
        replace_original: false,
      });
      // Without a placeholder the answer simply arrives as a new message.
      placeholder = sent === 'ok' ? how.visibility : null;
      return true;
    },
    async edit(reply) {
      if (interaction.kind === 'button' && placeholder === null) return updateButtonMessage(reply);
      if (placeholder === null) return post(reply);
      const upload = isPublic(reply) && hasPictures(reply);
      const replaced = await replace(render(reply, upload ? 'upload' : 'alt'));
      if (!replaced) return post(reply);
      if (upload) await sharePictures(reply);
      return true;
    },
    async deletePlaceholder() {
      if (placeholder === null) return true;
      placeholder = null;
      return (await viaResponseUrl({ delete_original: true })) === 'ok';
    },
    followUp: post,
  };
}
