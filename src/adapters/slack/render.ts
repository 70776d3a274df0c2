/**
 * The one module that turns a platform-neutral `Reply` into a Slack message (Block Kit blocks and
 * the fallback `text`). Every Block Kit limit is enforced here, and `&`, `<`, `>` are escaped in
 * all text taken from documents or users, so `<!channel>` or `<@U123>` in a question or a document
 * stays text. Messages never set `link_names`.
 */
import { paragraphPlace } from '../../answer/present.ts';
import type { Action, Block, Citation, ListItem, MessageReply, Reply } from '../../answer/reply.ts';
import { codeAllowance, cutHead } from '../text.ts';
import { fitEscaped, fitSpansMrkdwn, slackUrl, truncateEscaped } from './text.ts';

/** Slack's documented limits, and ours where Slack refuses less than it documents. */
export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 2000,
  actionsElements: 25,
  buttonText: 75,
  actionId: 255,
  buttonValue: 2000,
  /** Slack's hard limit for a message's text is 40,000 characters… */
  messageText: 40_000,
  /**
   * …but messages far smaller are refused in practice (msg_too_long, invalid_blocks): ours is to
   * keep everything a message carries, blocks and fallback together, under this.
   */
  messageTotal: 12_000,
} as const;

/** Ours: the fallback `text` (notifications, screen readers) stays short. */
export const FALLBACK_MAX = 300;
/** Ours: a quoted passage is shortened around its bold sentence to this many characters. */
export const PASSAGE_MAX = 700;
const CITATION_TITLE_MAX = 48;
/** Ours: how much longer a passage may get for the code it shows. */
const CODE_EXTRA = 600;
const LIST_ITEM_MAX = 600;
/** Room kept for the "…and N more" lines and block separators. */
const RESERVE = 200;

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}
export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}
export interface ButtonElement {
  type: 'button';
  action_id: string;
  text: PlainText;
  value?: string;
  style?: 'primary' | 'danger';
}
export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: MrkdwnText }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'actions'; elements: ButtonElement[] }
  | { type: 'divider' };

/** A rendered message, ready for chat.postMessage, chat.postEphemeral or a response_url. */
export interface SlackMessage {
  /** The fallback text: always set, never empty, escaped. */
  text: string;
  blocks: SlackBlock[];
  /** Private replies and errors: ephemeral. */
  ephemeral: boolean;
  /** What had to be dropped or cut, for the log (never shown to users). */
  warnings: string[];
}

export interface SlackRenderOptions {
  /**
   * How a reply's pictures reach the user: 'upload' when the adapter posts them as files beside
   * the message (a message visible in the channel), 'alt' to describe them in the message (an
   * ephemeral answer cannot carry files). Default 'alt'.
   */
  pictures?: 'upload' | 'alt';
}

const EMPTY_TEXT = 'Nothing to show.';
const EMPTY_ERROR = 'Something went wrong.';

/**
 * A citation as one mrkdwn line: `[1] <https://…|Going ballistic…> — ECFR, ¶2`.
 * @example citationMrkdwn(passage.citation, 1)
 */
export function citationMrkdwn(c: Citation, index?: number): string {
  const shortTitle =
    c.documentTitle.length > CITATION_TITLE_MAX
      ? `${cutHead(c.documentTitle, CITATION_TITLE_MAX - 1).trimEnd()}…`
      : c.documentTitle;
  // A link's label ends at "|" or ">"; "|" is replaced, the rest is escaped.
  const title = fitEscaped(shortTitle.replace(/\|/gu, '¦'), 200, true);
  const url = slackUrl(c.url);
  const where = [
    c.publisher ? fitEscaped(c.publisher, 64, true) : null,
    c.section ? fitEscaped(c.section, 64, true) : null,
    paragraphPlace(c),
  ]
    .filter((s): s is string => s !== null && s !== '')
    .join(', ');
  const lead = index === undefined ? '' : `[${index}] `;
  const titled = url && title !== '' ? `<${url}|${title}>` : title;
  return `${lead}${titled} — ${where}`;
}

function listItemLine(item: ListItem): string {
  const number = item.n === undefined ? '• ' : `[${item.n}] `;
  const label = item.label.trim() === '' ? '' : `*${fitEscaped(item.label, 100, true)}* — `;
  const cite = item.citation ? ` · _${citationMrkdwn(item.citation)}_` : '';
  return `${number}${label}${fitEscaped(item.text, LIST_ITEM_MAX, true)}${cite}`;
}

/** Quoted lines, except a code block's, which Slack shows as code only outside a quote. */
function quote(text: string): string {
  let inCode = false;
  return text
    .split('\n')
    .map((line) => {
      const fence = line.startsWith('```');
      const out = inCode || fence ? line : `>${line}`;
      if (fence) inCode = !inCode;
      return out;
    })
    .join('\n');
}

/** Packs blocks into sections within the block count and the character budget. */
class Packer {
  readonly blocks: SlackBlock[] = [];
  constructor(
    private budget: number,
    private slots: number,
    private readonly warnings: string[],
  ) {}

  get room(): number {
    return Math.min(LIMITS.sectionText, this.budget);
  }

  /** Adds a section; false when out of blocks or characters. */
  section(text: string): boolean {
    if (text.trim() === '') return true;
    if (this.slots <= 0 || this.budget < text.length) return false;
    this.blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    this.slots--;
    this.budget -= text.length;
    return true;
  }

  add(block: Block): boolean {
    if (this.slots <= 0 || this.room < 80) return false;
    switch (block.type) {
      case 'text':
        return this.section(fitSpansMrkdwn(block.spans, this.room));
      case 'notice': {
        const mark = block.tone === 'warning' ? '⚠️ ' : 'ℹ️ ';
        return this.section(`${mark}${fitEscaped(block.text, this.room - mark.length)}`);
      }
      case 'passage': {
        let cite = citationMrkdwn(block.citation, block.index);
        // a link cut short would show as markup: without room for it whole, the citation is
        // plain text, which the cut below may shorten safely
        if (cite.length + 8 > this.room)
          cite = citationMrkdwn({ ...block.citation, url: null }, block.index);
        const room = Math.max(
          0,
          Math.min(
            PASSAGE_MAX + codeAllowance(block.spans, CODE_EXTRA),
            this.room - cite.length - 8,
          ),
        );
        const body = quote(fitSpansMrkdwn(block.spans, room));
        return this.section(truncateEscaped(`${body}\n${cite}`, this.room));
      }
      case 'list':
        return this.list(block);
    }
  }

  /** A list as one or more sections of whole lines; what does not fit is counted, not cut. */
  private list(block: Extract<Block, { type: 'list' }>): boolean {
    const title = fitEscaped(block.title, 200, true);
    let lines: string[] = title === '' ? [] : [`*${title}*`];
    let used = lines[0]?.length ?? 0;
    const limit = () => this.room - 60;
    for (const [i, item] of block.items.entries()) {
      const line = listItemLine(item);
      if (used + 1 + line.length > limit()) {
        // This section is full: go on in another while blocks and characters last.
        const next = this.budget - used - 1;
        if (lines.length > 0 && this.slots >= 2 && next > line.length + 400) {
          if (!this.section(lines.join('\n'))) return false;
          lines = [];
          used = 0;
        }
        if (used + 1 + line.length > limit()) {
          lines.push(`_…and ${block.items.length - i} more_`);
          this.warnings.push(`list cut: ${block.items.length - i} item(s) left out`);
          break;
        }
      }
      lines.push(line);
      used += 1 + line.length;
    }
    return this.section(truncateEscaped(lines.join('\n'), this.room));
  }
}

/** Buttons as one actions block: Slack has no disabled buttons, so those are left out. */
export function renderButtons(
  actions: readonly Action[],
  warnings: string[] = [],
): ButtonElement[] {
  const seen = new Set<string>();
  const buttons: ButtonElement[] = [];
  for (const action of actions) {
    if (action.disabled) continue;
    if (action.id === '' || action.id.length > LIMITS.actionId || !action.id.isWellFormed()) {
      warnings.push(`dropped button with invalid id (${action.id.length} code units)`);
      continue;
    }
    if (seen.has(action.id)) {
      warnings.push(`dropped duplicate button id ${action.id}`);
      continue;
    }
    if (buttons.length >= LIMITS.actionsElements) {
      warnings.push('dropped buttons over the 25-button limit');
      break;
    }
    seen.add(action.id);
    const emoji =
      action.emoji && /^\p{Extended_Pictographic}/u.test(action.emoji) ? action.emoji : '';
    const label = `${emoji === '' ? '' : `${emoji.toWellFormed()} `}${action.label}`;
    const text = fitEscaped(label, LIMITS.buttonText, true);
    const button: ButtonElement = {
      type: 'button',
      action_id: action.id,
      text: { type: 'plain_text', text: text === '' ? '•' : text, emoji: true },
    };
    if (action.style === 'primary' || action.style === 'danger') button.style = action.style;
    buttons.push(button);
  }
  return buttons;
}

function fallbackText(reply: MessageReply): string {
  const first = reply.blocks.find((b) => b.type === 'text' || b.type === 'notice');
  const raw =
    reply.title ??
    (first?.type === 'text'
      ? first.spans.map((s) => s.text).join('')
      : first?.type === 'notice'
        ? first.text
        : '');
  const text = fitEscaped(raw, FALLBACK_MAX, true);
  return text === '' ? 'Dossier' : text;
}

/** Characters a message carries in its text fields (what LIMITS.messageTotal bounds). */
export function messageChars(message: Pick<SlackMessage, 'text' | 'blocks'>): number {
  let n = message.text.length;
  for (const block of message.blocks) {
    switch (block.type) {
      case 'header':
      case 'section':
        n += block.text.text.length;
        break;
      case 'context':
        for (const e of block.elements) n += e.text.length;
        break;
      case 'actions':
        for (const e of block.elements) n += e.text.text.length + e.action_id.length;
        break;
      case 'divider':
        break;
    }
  }
  return n;
}

/**
 * Renders a Reply for Slack: a header (title), sections (text, passages, lists), a context line
 * per picture described and for the footer, and one row of buttons; errors as one private section.
 * @example await respond({ ...renderSlackMessage(reply), response_type: 'ephemeral' });
 */
export function renderSlackMessage(reply: Reply, options: SlackRenderOptions = {}): SlackMessage {
  const warnings: string[] = [];
  if (reply.kind === 'error') {
    const text = fitEscaped(reply.text, LIMITS.sectionText - 4).trim();
    const shown = `⚠️ ${text === '' ? EMPTY_ERROR : text}`;
    return {
      text: truncateEscaped(shown, FALLBACK_MAX),
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: shown } }],
      ephemeral: true,
      warnings,
    };
  }
  // A ping ("Ask a human") names one user group; it leads the message and its notification.
  const group = reply.ping && /^S[A-Z0-9]{6,20}$/u.test(reply.ping.role) ? reply.ping.role : null;
  const ping = group === null || reply.visibility === 'private' ? '' : `<!subteam^${group}>`;
  const text = ping === '' ? fallbackText(reply) : `${ping} ${fallbackText(reply)}`;
  const head: SlackBlock[] = [];
  if (ping !== '') head.push({ type: 'section', text: { type: 'mrkdwn', text: ping } });
  const tail: SlackBlock[] = [];
  const title = reply.title ? fitEscaped(reply.title, LIMITS.headerText, true) : '';
  if (title !== '')
    head.push({ type: 'header', text: { type: 'plain_text', text: title, emoji: true } });
  if (options.pictures !== 'upload') {
    for (const picture of reply.attachments ?? []) {
      const alt = fitEscaped(picture.alt, LIMITS.contextText - 40, true);
      tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `🖼️ Picture: ${alt}` }] });
    }
  }
  const footer = reply.footer ? fitEscaped(reply.footer, LIMITS.contextText, true) : '';
  if (footer !== '') tail.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer }] });
  const buttons = renderButtons(reply.actions, warnings);
  if (buttons.length > 0) tail.push({ type: 'actions', elements: buttons });
  // Pictures beyond what fits are dropped from the tail first (keep the answer and its buttons).
  while (head.length + tail.length > LIMITS.blocks - 1) {
    tail.shift();
    warnings.push('dropped a picture description over the block limit');
  }

  const fixed = messageChars({ text, blocks: [...head, ...tail] });
  const packer = new Packer(
    LIMITS.messageTotal - fixed - RESERVE,
    LIMITS.blocks - head.length - tail.length,
    warnings,
  );
  for (const [i, block] of reply.blocks.entries()) {
    if (!packer.add(block)) {
      warnings.push(`dropped ${reply.blocks.length - i} block(s) over the limits`);
      break;
    }
  }
  const blocks = [...head, ...packer.blocks, ...tail];
  if (blocks.length === 0)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: EMPTY_TEXT } });
  return { text, blocks, ephemeral: reply.visibility === 'private', warnings };
}
