/**
 * A rendered message as Discord's own JSON, for the paths that talk to the API directly rather
 * than through discord.js objects: the HTTP interaction response body and the webhook calls that
 * follow it. The rendering itself (limits, escaping, mentions) stays in render.ts and the
 * modules it lays a reply out with.
 */
import type { APIEmbed, RESTPatchAPIWebhookWithTokenMessageJSONBody } from 'discord.js';
import type { Attachment } from '../../answer/reply.ts';
import { sanitize } from '../text.ts';
import type { ButtonRow } from './buttons.ts';
import type { RenderedMessage } from './render.ts';
import { truncate } from './text.ts';

const EPHEMERAL = 1 << 6;
/** Discord's limit on an attachment's description (its alt text). */
const DESCRIPTION_MAX = 1024;

/** A file to upload with a message (multipart `files[i]`), and its attachment entry. */
export interface UploadFile {
  name: string;
  data: Buffer;
  contentType: string;
  description: string;
}

/** Discord's allowed_mentions: nothing, or the one role a reply pings (render.ts decides). */
export type AllowedMentionsJson = { parse: []; replied_user: false; roles?: [string] };

/** The rendered message's allowed mentions as Discord's JSON. */
export function allowedMentionsJson(m: RenderedMessage): AllowedMentionsJson {
  const roles = m.allowedMentions.roles;
  return { parse: [], replied_user: false, ...(roles ? { roles } : {}) };
}

/** A message Discord creates: the first response (type 4), a follow-up. */
export interface CreateMessageJson {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowed_mentions: AllowedMentionsJson;
  flags?: number;
  attachments?: { id: number; filename: string; description: string }[];
}

/** An edit: every field set, so nothing of the previous version survives (see editOptions). */
export type EditMessageJson = RESTPatchAPIWebhookWithTokenMessageJSONBody & {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
};

/** The files of a reply, named as Discord keeps them and described by their alt text. */
export function uploadFiles(attachments: readonly Attachment[] | undefined): UploadFile[] {
  return (attachments ?? []).slice(0, 10).map((a, i) => ({
    name: /^[\w-][\w.-]{0,63}$/u.test(a.name) ? a.name : `picture-${i + 1}.png`,
    data: Buffer.from(a.data),
    contentType: a.contentType,
    description: truncate(sanitize(a.alt).replace(/\s+/gu, ' ').trim(), DESCRIPTION_MAX),
  }));
}

function attachmentsJson(files: readonly UploadFile[]) {
  return files.map((f, id) => ({ id, filename: f.name, description: f.description }));
}

/** A new message (first response or follow-up); private replies carry the Ephemeral flag. */
export function createMessageJson(
  m: RenderedMessage,
  files: readonly UploadFile[] = [],
): CreateMessageJson {
  return {
    ...(m.content === undefined ? {} : { content: m.content }),
    embeds: m.embeds,
    components: m.components,
    allowed_mentions: allowedMentionsJson(m),
    ...(m.ephemeral ? { flags: EPHEMERAL } : {}),
    ...(files.length > 0 ? { attachments: attachmentsJson(files) } : {}),
  };
}

/**
 * An edit of an existing message (a button's update, the deferred placeholder). New pictures
 * replace every earlier attachment; without pictures the message keeps its own.
 */
export function editMessageJson(
  m: RenderedMessage,
  files: readonly UploadFile[] = [],
): EditMessageJson {
  return {
    content: m.content ?? '',
    embeds: m.embeds,
    components: m.components,
    allowed_mentions: allowedMentionsJson(m),
    ...(files.length > 0 ? { attachments: attachmentsJson(files) } : {}),
  };
}
