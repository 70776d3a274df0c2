/**
 * The interaction core's Responder for an interaction that arrived over HTTP: the first response
 * is the body of Discord's request, everything after it goes through the interaction's webhook
 * (no bot token needed: the interaction token is the credential). Discord refuses a multipart HTTP
 * response, so a reply with a picture is answered "thinking…" first and the picture arrives with
 * the edit.
 */
import { InteractionResponseType, MessageFlags, type RawFile, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { Reply } from '../../answer/reply.ts';
import type { Responder } from '../../interactions/responder.ts';
import {
  createMessageJson,
  editMessageJson,
  type UploadFile,
  uploadFiles,
} from './message-json.ts';
import { type RenderedMessage, renderReply } from './render.ts';
import { guarded } from './responder.ts';

/** The HTTP response to Discord's request, which can be written once. */
export interface FirstResponse {
  /** Writes `body` as the JSON response; false when it was written already or the request is gone. */
  send(body: Record<string, unknown>): boolean;
}

export interface HttpInteractionRef {
  applicationId: string;
  token: string;
  /** A button press: `update` and a silent deferral apply to the message it is on. */
  component: boolean;
}

function rawFiles(files: readonly UploadFile[]): RawFile[] {
  return files.map((f, i) => ({
    key: `files[${i}]`,
    name: f.name,
    data: f.data,
    contentType: f.contentType,
  }));
}

/**
 * A Responder for one HTTP interaction.
 * @example await core.command(invocation, httpResponder(ref, first, rest, logger));
 */
export function httpResponder(
  ref: HttpInteractionRef,
  first: FirstResponse,
  rest: REST,
  logger: Logger,
): Responder {
  const original = Routes.webhookMessage(ref.applicationId, ref.token, '@original');
  const render = (reply: Reply): { message: RenderedMessage; files: UploadFile[] } => {
    const message = renderReply(reply);
    if (message.warnings.length > 0)
      logger.warn({ warnings: message.warnings }, 'discord: reply adjusted to fit limits');
    return { message, files: reply.kind === 'message' ? uploadFiles(reply.attachments) : [] };
  };
  const respond = async (what: string, body: Record<string, unknown>): Promise<boolean> => {
    if (first.send(body)) return true;
    logger.warn({ what }, 'discord: the interaction request was already answered or is gone');
    return false;
  };
  const editOriginal = (message: RenderedMessage, files: UploadFile[]) =>
    guarded(logger, 'edit original', () =>
      rest.patch(original, {
        body: editMessageJson(message, files),
        files: rawFiles(files),
        auth: false,
      }),
    );
  // Files cannot ride on the HTTP response: acknowledge now, deliver them with the edit.
  const withFiles = async (
    ack: InteractionResponseType,
    message: RenderedMessage,
    files: UploadFile[],
  ): Promise<boolean> => {
    const data =
      ack === InteractionResponseType.DeferredChannelMessageWithSource && message.ephemeral;
    if (
      !(await respond('deferral for files', {
        type: ack,
        ...(data ? { data: { flags: MessageFlags.Ephemeral } } : {}),
      }))
    )
      return false;
    return editOriginal(message, files);
  };
  const reply = async (r: Reply): Promise<boolean> => {
    const { message, files } = render(r);
    if (files.length > 0)
      return withFiles(InteractionResponseType.DeferredChannelMessageWithSource, message, files);
    return respond('reply', {
      type: InteractionResponseType.ChannelMessageWithSource,
      data: createMessageJson(message),
    });
  };
  return {
    reply,
    async update(r) {
      if (!ref.component) return reply(r);
      const { message, files } = render(r);
      if (files.length > 0)
        return withFiles(InteractionResponseType.DeferredMessageUpdate, message, files);
      return respond('update', {
        type: InteractionResponseType.UpdateMessage,
        data: editMessageJson(message),
      });
    },
    async defer(how) {
      if (how.kind === 'update' && ref.component)
        return respond('deferred update', { type: InteractionResponseType.DeferredMessageUpdate });
      const ephemeral = how.kind === 'update' || how.visibility === 'private';
      return respond('deferral', {
        type: InteractionResponseType.DeferredChannelMessageWithSource,
        ...(ephemeral ? { data: { flags: MessageFlags.Ephemeral } } : {}),
      });
    },
    async edit(r) {
      const { message, files } = render(r);
      return editOriginal(message, files);
    },
    deletePlaceholder: () =>
      guarded(logger, 'delete original', () => rest.delete(original, { auth: false })),
    async followUp(r) {
      const { message, files } = render(r);
      return guarded(logger, 'follow-up', () =>
        rest.post(Routes.webhook(ref.applicationId, ref.token), {
          body: createMessageJson(message, files),
          files: rawFiles(files),
          auth: false,
        }),
      );
    },
  };
}
