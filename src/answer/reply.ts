/**
 * The platform-neutral reply a command returns. Adapters (Discord, console, Slack) render it in
 * one module each; commands never see a platform object. Text in a Reply is plain: adapters escape
 * it for their markup and enforce their platform's limits.
 */

/**
 * A run of inline text, or (with `code`) a block of code shown as a code block on its own lines:
 * adapters never escape, restyle or join it into prose, and cut it only at line ends.
 */
export interface Span {
  text: string;
  bold?: boolean;
  italic?: boolean;
  code?: boolean;
  /** A code block's language (`js`, `bash`), for the fence; null or absent when unknown. */
  lang?: string | null;
}

/** Where a passage or fact comes from; renders as e.g. "Going ballistic… — ECFR, ¶2". */
export interface Citation {
  paragraphId: string;
  documentTitle: string;
  publisher: string | null;
  section: string | null;
  /** Paragraph number within its document. */
  n: number;
  kind: 'body' | 'caption' | 'note';
  url: string | null;
  /** PDF only: the page the paragraph starts on, shown after it ("¶12, p. 4"). */
  page?: number | undefined;
}

export type Block =
  | { type: 'text'; spans: Span[] }
  /** A quoted passage with its numbered citation ([index]). */
  | { type: 'passage'; index: number; spans: Span[]; citation: Citation }
  /** A titled list of short items, each optionally cited (key facts, timeline lines, sources). */
  | { type: 'list'; title: string; items: ListItem[] }
  | { type: 'notice'; tone: 'info' | 'warning'; text: string };

export interface ListItem {
  /** Short lead, e.g. a date or a term; may be empty. */
  label: string;
  text: string;
  citation?: Citation | undefined;
  /** Its number in the reply's picture (timeline events: [1]…[N]); shown before the line. */
  n?: number | undefined;
}

/**
 * A button. `id` is a typed button value encoded by src/answer/buttons.ts (build actions with
 * `buttonAction`); the adapter stores it with the button unchanged, and the interaction core
 * parses it back and routes the press to the value's command.
 */
export interface Action {
  id: string;
  label: string;
  style: 'primary' | 'secondary' | 'success' | 'danger';
  emoji?: string | undefined;
  disabled?: boolean | undefined;
}

/** A file sent with a message (the timeline picture). `alt` describes it in words. */
export interface Attachment {
  /** File name with its extension, e.g. `timeline.png`. */
  name: string;
  contentType: 'image/png';
  data: Uint8Array;
  alt: string;
}

export interface MessageReply {
  kind: 'message';
  /** 'private' is seen only by the asker (ephemeral); errors are always private. */
  visibility: 'public' | 'private';
  title?: string | undefined;
  blocks: Block[];
  actions: Action[];
  footer?: string | undefined;
  /** Files to attach; adapters that cannot send one show its alt text instead. */
  attachments?: Attachment[] | undefined;
  /**
   * The one group this message may notify ("Ask a human"): a Discord role id or a Slack user
   * group id. Adapters mention it and allow exactly that ping, never users, @everyone or @here.
   */
  ping?: { role: string } | undefined;
}

/** An expected failure (no match, bad input, cooldown, missing permission): shown privately. */
export interface ErrorReply {
  kind: 'error';
  text: string;
}

export type Reply = MessageReply | ErrorReply;

/** Autocomplete suggestions; adapters cap the count and lengths for their platform. */
export interface Choice {
  name: string;
  value: string;
}

export function errorReply(text: string): ErrorReply {
  return { kind: 'error', text };
}
