/**
 * Turns a platform-neutral `Reply` into Discord payloads: one embed (or plain text) laid out from
 * the reply's blocks (blocks.ts), its buttons (buttons.ts) and pictures, and the discord.js options
 * to send or edit it. Every Discord limit (limits.ts) is enforced (counted in UTF-16 code units,
 * as Discord counts), all text taken from documents or users is escaped, and every payload carries
 * `allowedMentions: { parse: [] }`.
 */
import { type APIEmbed, AttachmentBuilder, MessageFlags } from 'discord.js';
import type { Attachment, Choice, MessageReply, Reply } from '../../answer/reply.ts';
import { sanitize } from '../text.ts';
import { packBlocks } from './blocks.ts';
import { type ButtonRow, renderButtons } from './buttons.ts';
import { LIMITS } from './limits.ts';
import { fitText, truncate } from './text.ts';

/** Mentions never ping: not users, roles, @everyone nor replied-to users. */
export type NoMentions = { parse: []; repliedUser: false };
export const NO_MENTIONS: NoMentions = { parse: [], repliedUser: false };
/**
 * What a message may ping: nothing, or (a reply's `ping`, "Ask a human") exactly one role named
 * by id, never by parsing the text, so no user, @everyone or @here is ever reached.
 */
export type AllowedMentions = NoMentions & { roles?: [string] };

const SNOWFLAKE = /^\d{15,21}$/u;

/** The role a reply may ping, when it names a valid one. */
function pingedRole(reply: Reply): string | null {
  if (reply.kind !== 'message' || !reply.ping) return null;
  return SNOWFLAKE.test(reply.ping.role) ? reply.ping.role : null;
}

/** A file to upload with a message; the embed shows it as `attachment://<name>`. */
export interface RenderedFile {
  name: string;
  data: Uint8Array;
  /** The alt text, as Discord's attachment description. */
  description: string;
}

/** A rendered message, ready for discord.js (`reply`, `editReply`, `update`, `send`). */
export interface RenderedMessage {
  /** Set in plain-text mode and for errors; never the empty string. */
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: AllowedMentions;
  /** Private replies and errors: sent with the Ephemeral flag. */
  ephemeral: boolean;
  /** The reply's pictures, when it has any. */
  files?: RenderedFile[];
  /** What had to be dropped or cut, for the log (never shown to users). */
  warnings: string[];
}

export interface RenderOptions {
  /** False renders plain text (the channel denies Embed Links). Default true. */
  embeds?: boolean;
}

const EMPTY_TEXT = 'Nothing to show.';
const EMPTY_ERROR = 'Something went wrong.';

/**
 * Renders a Reply for Discord: one embed (title, description of blocks, footer) plus buttons,
 * or plain `content` when embeds are off; errors as private plain text.
 * @example await interaction.reply(toDiscordOptions(renderReply(reply)));
 */
export function renderReply(reply: Reply, options: RenderOptions = {}): RenderedMessage {
  const warnings: string[] = [];
  if (reply.kind === 'error') {
    const text = fitText(reply.text, LIMITS.content - 4).trim();
    return {
      content: `⚠️ ${text === '' ? EMPTY_ERROR : text}`,
      embeds: [],
      components: [],
      allowedMentions: NO_MENTIONS,
      ephemeral: true,
      warnings,
    };
  }
  const components = renderButtons(reply.actions, warnings);
  const ephemeral = reply.visibility === 'private';
  const files = renderFiles(reply.attachments ?? []);
  const withFiles = files.length > 0 ? { files } : {};
  // A ping is a mention in the content (embeds never ping), allowed for that one role only.
  const role = ephemeral ? null : pingedRole(reply);
  const allowedMentions: AllowedMentions =
    role === null ? NO_MENTIONS : { ...NO_MENTIONS, roles: [role] };
  const lead = role === null ? '' : `<@&${role}>`;
  if (options.embeds === false) {
    const text = plainContent(reply, warnings, lead.length + 1);
    return {
      content: lead === '' ? text : `${lead} ${text}`,
      embeds: [],
      components,
      allowedMentions,
      ephemeral,
      ...withFiles,
      warnings,
    };
  }
  const embed = embedOf(reply, warnings);
  // The first picture shows inside the embed; any others below it.
  const [first] = files;
  if (first) embed.image = { url: `attachment://${first.name}` };
  return {
    ...(lead === '' ? {} : { content: lead }),
    embeds: [embed],
    components,
    allowedMentions,
    ephemeral,
    ...withFiles,
    warnings,
  };
}

/** Attachment names Discord keeps as given (and an embed can refer to): letters, digits, `._-`. */
function fileName(name: string, i: number): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/gu, '_').slice(-64);
  return /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.png$/u.test(safe) ? safe : `picture-${i + 1}.png`;
}

/** The reply's pictures as files, their alt text as the description (at most 10 files). */
export function renderFiles(attachments: readonly Attachment[]): RenderedFile[] {
  const seen = new Set<string>();
  const files: RenderedFile[] = [];
  for (const [i, a] of attachments.slice(0, 10).entries()) {
    let name = fileName(a.name, i);
    if (seen.has(name)) name = `picture-${i + 1}.png`;
    seen.add(name);
    const description = truncate(
      sanitize(a.alt).replace(/\s+/gu, ' ').trim(),
      LIMITS.attachmentDescription,
    );
    files.push({ name, data: a.data, description });
  }
  return files;
}

function attachmentsOf(m: RenderedMessage): AttachmentBuilder[] {
  return (m.files ?? []).map(
    (f) => new AttachmentBuilder(Buffer.from(f.data), { name: f.name, description: f.description }),
  );
}

function embedOf(reply: MessageReply, warnings: string[]): APIEmbed {
  const embed: APIEmbed = {};
  const title = reply.title ? fitText(reply.title.replace(/\s+/g, ' '), LIMITS.title).trim() : '';
  if (title !== '') embed.title = title;
  // Footers are not Markdown: no escaping, only sanitising and the length.
  const footer = reply.footer ? truncate(sanitize(reply.footer).trim(), LIMITS.footer) : '';
  if (footer !== '') embed.footer = { text: footer };
  const room = Math.min(LIMITS.description, LIMITS.embedTotal - title.length - footer.length);
  const description = packBlocks(reply.blocks, room, warnings);
  if (description.trim() !== '') embed.description = description;
  if (embed.title === undefined && embed.description === undefined) embed.description = EMPTY_TEXT;
  return embed;
}

function plainContent(reply: MessageReply, warnings: string[], reserved = 0): string {
  const head = reply.title ? `**${fitText(reply.title.replace(/\s+/g, ' '), LIMITS.title)}**` : '';
  const foot = reply.footer ? `-# ${fitText(reply.footer.replace(/\s+/g, ' '), 200)}` : '';
  const room = LIMITS.content - reserved - head.length - foot.length - 4;
  const body = packBlocks(reply.blocks, room, warnings);
  const text = [head, body, foot].filter((s) => s.trim() !== '').join('\n\n');
  return text.trim() === '' ? EMPTY_TEXT : truncate(text, LIMITS.content - reserved);
}

/**
 * Autocomplete choices within Discord's limits: ≤ 25, names cut to 100 code units, choices whose
 * value is empty or over 100 dropped (a cut value would be a different value).
 */
export function renderChoices(choices: readonly Choice[]): Choice[] {
  const out: Choice[] = [];
  for (const choice of choices) {
    if (out.length >= LIMITS.choices) break;
    const value = choice.value.toWellFormed();
    if (value === '' || value.length > LIMITS.choiceValue) continue;
    const name = truncate(sanitize(choice.name).replace(/\s+/g, ' ').trim(), LIMITS.choiceName);
    out.push({ name: name === '' ? truncate(value, LIMITS.choiceName) : name, value });
  }
  return out;
}

/** Options for a first response or a new message (`reply`, `followUp`, `channel.send`). */
export function createOptions(m: RenderedMessage): {
  content?: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: AllowedMentions;
  flags?: MessageFlags.Ephemeral;
  files?: AttachmentBuilder[];
} {
  return {
    ...(m.content === undefined ? {} : { content: m.content }),
    embeds: m.embeds,
    components: m.components,
    allowedMentions: m.allowedMentions,
    ...(m.ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
    ...(m.files && m.files.length > 0 ? { files: attachmentsOf(m) } : {}),
  };
}

/**
 * Options for an edit (`editReply`, `update`): every field is set so nothing of the previous
 * version survives (an embed answer replacing a text one, buttons removed); flags cannot change.
 * An edit keeps the message's files unless told: a reply with pictures replaces them all
 * (`attachments: []` drops the old ones, `files` uploads the new), so a timeline page never
 * shows a stale or doubled picture.
 */
export function editOptions(m: RenderedMessage): {
  content: string;
  embeds: APIEmbed[];
  components: ButtonRow[];
  allowedMentions: AllowedMentions;
  attachments?: [];
  files?: AttachmentBuilder[];
} {
  return {
    content: m.content ?? '',
    embeds: m.embeds,
    components: m.components,
    allowedMentions: m.allowedMentions,
    ...(m.files && m.files.length > 0 ? { attachments: [], files: attachmentsOf(m) } : {}),
  };
}
