/**
 * The one module that turns a platform-neutral `Reply` into Discord payloads. Every Discord limit
 * is enforced here (counted in UTF-16 code units, as Discord counts), all text taken from
 * documents or users is escaped, and every payload carries `allowedMentions: { parse: [] }`.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIMessageComponentEmoji,
  AttachmentBuilder,
  ButtonStyle,
  ComponentType,
  MessageFlags,
} from 'discord.js';
import { paragraphPlace } from '../../answer/present.ts';
import type {
  Action,
  Attachment,
  Block,
  Choice,
  Citation,
  ListItem,
  MessageReply,
  Reply,
} from '../../answer/reply.ts';
import { codeAllowance, cutHead, sanitize } from '../text.ts';
import { escapeMarkdown, fitSpans, fitText, safeUrl, truncate } from './text.ts';

/** Discord's documented limits (UTF-16 code units). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** An attachment's description (its alt text). */
  attachmentDescription: 1024,
} as const;

/** Ours: how long a quoted passage may get before it is shortened around its bold sentence. */
export const PASSAGE_MAX = 700;
/** Ours: document titles in citations are shortened to this, so a citation stays one line. */
export const CITATION_TITLE_MAX = 48;
const LIST_ITEM_MAX = 300;
/** Ours: how much longer a passage may get for the code it shows. */
export const CODE_EXTRA = 600;

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

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

/**
 * A citation as one line: `[1] Going ballistic: How Europeans can respond… — ECFR, ¶2 <url>`.
 * Captions say so ("caption ¶1"); the section is named when there is one, a PDF's page too ("¶2, p. 4").
 */
export function citationLine(c: Citation, index?: number): string {
  const title =
    c.documentTitle.length > CITATION_TITLE_MAX
      ? `${cutHead(c.documentTitle, CITATION_TITLE_MAX - 1).trimEnd()}…`
      : c.documentTitle;
  const where = [
    c.publisher ? escapeMarkdown(truncate(c.publisher, 64)) : null,
    c.section ? escapeMarkdown(truncate(c.section, 64)) : null,
    paragraphPlace(c),
  ]
    .filter((s): s is string => s !== null && s !== '')
    .join(', ');
  const url = safeUrl(c.url);
  const lead = index === undefined ? '' : `[${index}] `;
  return `${lead}${escapeMarkdown(title)} — ${where}${url ? ` ${url}` : ''}`;
}

function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => `> ${line}`)
    .join('\n');
}

function listItemLine(item: ListItem): string {
  const label = item.label.trim() === '' ? '' : `**${fitText(item.label, 100)}** — `;
  const cite = item.citation ? ` · *${citationLine(item.citation)}*` : '';
  const lead = item.n === undefined ? '•' : `\\[${item.n}]`;
  return `${lead} ${label}${fitText(item.text, LIST_ITEM_MAX)}${cite}`;
}

/** One block as Markdown, at most `max` code units. */
function blockMarkdown(block: Block, max: number): string {
  switch (block.type) {
    case 'text':
      return fitSpans(block.spans, max);
    case 'passage': {
      const cite = citationLine(block.citation, block.index);
      const room = Math.max(
        0,
        Math.min(PASSAGE_MAX + codeAllowance(block.spans, CODE_EXTRA), max - cite.length - 4),
      );
      const body = quote(fitSpans(block.spans, room));
      return truncate(`${body}\n${cite}`, max);
    }
    case 'list': {
      const title = fitText(block.title.replace(/\s+/g, ' '), 200).trim();
      const lines = title === '' ? [] : [`**${title}**`];
      let used = title.length + 4;
      for (const [i, item] of block.items.entries()) {
        const line = listItemLine(item);
        if (used + 1 + line.length > max - 40) {
          lines.push(`*…and ${block.items.length - i} more*`);
          break;
        }
        lines.push(line);
        used += 1 + line.length;
      }
      return truncate(lines.join('\n'), max);
    }
    case 'notice':
      return `${block.tone === 'warning' ? '⚠️' : 'ℹ️'} ${fitText(block.text, Math.max(0, max - 3))}`;
  }
}

/** Joins whole blocks while they fit in `max`; a block that does not fit is shortened or dropped. */
function packBlocks(blocks: readonly Block[], max: number, warnings: string[]): string {
  const parts: string[] = [];
  let used = 0;
  for (const [i, block] of blocks.entries()) {
    const sep = parts.length === 0 ? 0 : 2;
    const room = max - used - sep;
    if (room < 80) {
      warnings.push(`dropped ${blocks.length - i} block(s) over the length limit`);
      break;
    }
    const text = blockMarkdown(block, room);
    if (text.trim() === '') continue;
    parts.push(text);
    used += sep + text.length;
  }
  return parts.join('\n\n');
}

// ---------------------------------------------------------------------------------------------
// Buttons
// ---------------------------------------------------------------------------------------------

const STYLES = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
} as const;

function parseEmoji(emoji: string | undefined): APIMessageComponentEmoji | undefined {
  if (emoji === undefined || emoji === '') return undefined;
  const custom = /^<(a?):(\w{2,32}):(\d{17,20})>$/.exec(emoji);
  if (custom) {
    return { id: custom[3] as string, name: custom[2] as string, animated: custom[1] === 'a' };
  }
  // A Unicode emoji: short, pictographic, no ASCII letters (Discord rejects anything else).
  if (emoji.length <= 16 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(emoji)) {
    if (!/[A-Za-z0-9<>:]/.test(emoji)) return { name: emoji.toWellFormed() };
  }
  return undefined;
}

/** Buttons in rows of ≤ 5, ≤ 5 rows; ids over 100 code units, empty or duplicate are dropped. */
export function renderButtons(actions: readonly Action[], warnings: string[] = []): ButtonRow[] {
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const action of actions) {
    if (
      action.id === '' ||
      action.id.length > LIMITS.customId ||
      action.id !== action.id.toWellFormed()
    ) {
      warnings.push(`dropped button with invalid id (${action.id.length} code units)`);
      continue;
    }
    if (seen.has(action.id)) {
      warnings.push(`dropped duplicate button id ${action.id}`);
      continue;
    }
    if (buttons.length >= LIMITS.rows * LIMITS.buttonsPerRow) {
      warnings.push('dropped buttons over the 25-button limit');
      break;
    }
    seen.add(action.id);
    const emoji = parseEmoji(action.emoji);
    // Labels are not Markdown; only their length and well-formedness matter.
    let label = truncate(sanitize(action.label).replace(/\s+/g, ' ').trim(), LIMITS.buttonLabel);
    if (label === '' && emoji === undefined) label = '•';
    const button: APIButtonComponentWithCustomId = {
      type: ComponentType.Button,
      style: STYLES[action.style],
      custom_id: action.id,
    };
    if (label !== '') button.label = label;
    if (emoji) button.emoji = emoji;
    if (action.disabled) button.disabled = true;
    buttons.push(button);
  }
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow),
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

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

/** Total characters Discord counts toward the 6000 limit across a message's embeds. */
export function embedChars(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title?.length ?? 0) + (e.description?.length ?? 0);
    n += (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
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
