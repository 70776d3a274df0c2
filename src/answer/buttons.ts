/**
 * Button ids, in one place: every button a Reply carries is a typed value, encoded here into the
 * string a platform stores with the button (`Action.id`) and parsed back, with validation, when
 * it is pressed. Commands build buttons from values (`buttonAction`), never by formatting
 * strings, and the interaction core routes a press by the value's command.
 *
 * The encodings are the ones ids have always had (`source:going-ballistic#p3`, `ask:share:k1`,
 * `timeline:1::`), so buttons on messages posted before this module still work.
 *
 * It sits beside the Reply type (not in src/interactions) because the daily post and the commands,
 * both below the interaction core, build buttons too.
 */
import type { Action } from './reply.ts';

/**
 * The longest id a button may have: the smallest limit of the platforms served (Discord's
 * custom_id holds 100 characters; Slack's action_id 255). A button that would need more is left
 * off, or its command stores what it needs and puts a short key in the id.
 */
export const BUTTON_ID_MAX = 100;

/** A question or query stored by key (RecentQuestions): the form ids take for long queries. */
const KEY = /^[A-Za-z0-9_-]{1,12}$/u;
/** The token of the fact shown, in `fact:~<token>:<topic>`. */
const FACT_TOKEN = /^[0-9a-z]{1,8}$/u;
const FACT_WITH_TOKEN = /^~([0-9a-z]{1,8}):(.*)$/su;
// Canonical integers only (no "01", no "-0"), so an id reads back to the one id it came from.
const PAGE = /^(?:0|-?[1-9]\d{0,3})$/u;

/** What a timeline page button carries: the query itself, or the key it was stored under. */
export type TimelineQueryRef = { docSlug: string; topic: string } | { key: string };

/**
 * Every kind of button. `command` names the command whose `button` handler gets the press.
 * `other` is for commands outside this list (an extension, a test): an opaque argument.
 */
export type ButtonValue =
  /** ◀ / ▶ on a passage: show that paragraph in the same message. */
  | { command: 'source'; action: 'page'; paragraphId: string }
  /** "Read around" / "Read the passage": a new private passage view. */
  | { command: 'source'; action: 'open'; paragraphId: string }
  /** The disabled ◀ or ▶ at either end of a document (ids must be unique within a message). */
  | { command: 'source'; action: 'end'; side: 'previous' | 'next' }
  /** "Share in channel" on a private answer. */
  | { command: 'ask'; action: 'share'; key: string }
  /** 👍 / 👎 on a public answer. */
  | { command: 'ask'; action: 'vote'; key: string; vote: 1 | -1 }
  /** "Ask about this" on a fact. */
  | { command: 'ask'; action: 'about'; factId: string }
  /**
   * "Another fact" on the same topic ('' for any); `after` is a short token of the fact shown
   * (commands/fact.ts), which the next pick skips. Ids without it (older buttons) still work.
   */
  | { command: 'fact'; action: 'another'; topic: string; after?: string | undefined }
  /** "Earlier" / "Later" on a timeline. */
  | { command: 'timeline'; action: 'page'; page: number; query: TimelineQueryRef }
  /** "Share in channel" on a private timeline page: the same page, with its picture, for all. */
  | { command: 'timeline'; action: 'share'; page: number; query: TimelineQueryRef }
  | OtherButton;

export interface OtherButton {
  command: string;
  action: 'other';
  arg: string;
}

type BuiltIn = Exclude<ButtonValue, OtherButton>;
/** Commands whose ids this module parses itself; any other prefix is an OtherButton. */
export const BUILT_IN_BUTTON_COMMANDS: readonly BuiltIn['command'][] = [
  'source',
  'ask',
  'fact',
  'timeline',
];

/** The buttons a command named N handles: its own kinds, or OtherButton for commands not listed. */
export type ButtonFor<N extends string> = string extends N
  ? ButtonValue
  : [Extract<BuiltIn, { command: N }>] extends [never]
    ? OtherButton
    : Extract<BuiltIn, { command: N }>;

const isBuiltIn = (command: string): command is BuiltIn['command'] =>
  (BUILT_IN_BUTTON_COMMANDS as readonly string[]).includes(command);

/** A timeline button's id (`timeline:[share:]page:query`); null when it cannot be written. */
function timelineId(page: number, query: TimelineQueryRef, prefix: '' | 'share:'): string | null {
  if (!Number.isInteger(page) || !PAGE.test(String(page))) return null;
  if ('key' in query) return KEY.test(query.key) ? `timeline:${prefix}${page}:~${query.key}` : null;
  // The document slug ends at the first colon and a leading "~" means a key.
  if (query.docSlug.includes(':') || query.docSlug.startsWith('~')) return null;
  return `timeline:${prefix}${page}:${query.docSlug}:${query.topic}`;
}

/** The id string for a value, whatever its length; null when the value cannot be written. */
function write(value: ButtonValue): string | null {
  switch (value.action) {
    case 'page':
      if (value.command === 'source') {
        const id = value.paragraphId;
        // These would read back as another kind.
        return id === '' || id === 'none' || id.startsWith('none:') || id.startsWith('open:')
          ? null
          : `source:${id}`;
      }
      return timelineId(value.page, value.query, '');
    case 'open':
      return value.paragraphId === '' ? null : `source:open:${value.paragraphId}`;
    case 'end':
      return value.side === 'previous' ? 'source:none' : 'source:none:end';
    case 'share':
      if (value.command === 'timeline') return timelineId(value.page, value.query, 'share:');
      return KEY.test(value.key) ? `ask:share:${value.key}` : null;
    case 'vote':
      return KEY.test(value.key) ? `ask:${value.vote === 1 ? 'up' : 'down'}:${value.key}` : null;
    case 'about':
      return value.factId === '' ? null : `ask:about:${value.factId}`;
    case 'another':
      if (value.after !== undefined)
        return FACT_TOKEN.test(value.after) ? `fact:~${value.after}:${value.topic}` : null;
      // a topic that would read back as a token and another topic
      return FACT_WITH_TOKEN.test(value.topic) ? null : `fact:${value.topic}`;
    case 'other':
      return value.command === '' || value.command.includes(':') || isBuiltIn(value.command)
        ? null
        : `${value.command}:${value.arg}`;
  }
}

/**
 * The id for a button value, or null when it cannot be one: longer than BUTTON_ID_MAX, not
 * well-formed UTF-16, or a value that would read back as something else.
 * @example buttonId({ command: 'ask', action: 'share', key: 'k1' }) // 'ask:share:k1'
 */
export function buttonId(value: ButtonValue): string | null {
  const id = write(value);
  if (id === null || id.length > BUTTON_ID_MAX || !id.isWellFormed()) return null;
  return id;
}

export interface ButtonLook {
  label: string;
  style: Action['style'];
  emoji?: string | undefined;
  disabled?: boolean | undefined;
}

/**
 * A button for a reply's actions, or none when the value cannot be an id (spread the result).
 * @example actions: [...buttonAction({ command: 'fact', action: 'another', topic }, { label: 'Another fact', style: 'secondary' })]
 */
export function buttonAction(value: ButtonValue, look: ButtonLook): Action[] {
  const id = buttonId(value);
  return id === null ? [] : [{ id, ...look }];
}

export type ButtonParse = { ok: true; value: ButtonValue } | { ok: false; reason: string };

function parseSource(rest: string): ButtonValue | null {
  if (rest === 'none') return { command: 'source', action: 'end', side: 'previous' };
  if (rest === 'none:end') return { command: 'source', action: 'end', side: 'next' };
  if (rest.startsWith('open:')) {
    const paragraphId = rest.slice('open:'.length);
    return paragraphId === '' ? null : { command: 'source', action: 'open', paragraphId };
  }
  if (rest === '' || rest.startsWith('none:')) return null;
  return { command: 'source', action: 'page', paragraphId: rest };
}

function parseAsk(rest: string): ButtonValue | null {
  const colon = rest.indexOf(':');
  if (colon < 0) return null;
  const action = rest.slice(0, colon);
  const arg = rest.slice(colon + 1);
  if (action === 'about')
    return arg === '' ? null : { command: 'ask', action: 'about', factId: arg };
  if (!KEY.test(arg)) return null;
  if (action === 'share') return { command: 'ask', action: 'share', key: arg };
  if (action === 'up' || action === 'down')
    return { command: 'ask', action: 'vote', key: arg, vote: action === 'up' ? 1 : -1 };
  return null;
}

function parseFact(rest: string): ButtonValue {
  const withToken = FACT_WITH_TOKEN.exec(rest);
  if (withToken)
    return { command: 'fact', action: 'another', topic: withToken[2] ?? '', after: withToken[1] };
  return { command: 'fact', action: 'another', topic: rest };
}

function parseTimeline(rest: string): ButtonValue | null {
  if (rest.startsWith('share:')) {
    const page = parseTimeline(rest.slice('share:'.length));
    return page?.command === 'timeline' && page.action === 'page'
      ? { command: 'timeline', action: 'share', page: page.page, query: page.query }
      : null;
  }
  const colon = rest.indexOf(':');
  if (colon < 0 || !PAGE.test(rest.slice(0, colon))) return null;
  const page = Number(rest.slice(0, colon));
  const query = rest.slice(colon + 1);
  if (query.startsWith('~')) {
    const key = query.slice(1);
    return KEY.test(key) ? { command: 'timeline', action: 'page', page, query: { key } } : null;
  }
  const sep = query.indexOf(':');
  if (sep < 0) return null;
  return {
    command: 'timeline',
    action: 'page',
    page,
    query: { docSlug: query.slice(0, sep), topic: query.slice(sep + 1) },
  };
}

/**
 * Reads a pressed button's id back into its value. Anything this bot could not have written (an
 * id from an older or newer version, a forged one) is refused with a reason for the log; the
 * user is told the button no longer works.
 * @example parseButton('timeline:1::') // { ok: true, value: { command: 'timeline', action: 'page', page: 1, query: { docSlug: '', topic: '' } } }
 */
export function parseButton(id: string): ButtonParse {
  if (id === '') return { ok: false, reason: 'empty button id' };
  if (id.length > BUTTON_ID_MAX) return { ok: false, reason: 'button id too long' };
  if (!id.isWellFormed()) return { ok: false, reason: 'button id not well-formed' };
  const colon = id.indexOf(':');
  const command = colon < 0 ? id : id.slice(0, colon);
  const rest = colon < 0 ? '' : id.slice(colon + 1);
  if (command === '') return { ok: false, reason: 'button id without a command' };
  if (!isBuiltIn(command)) return { ok: true, value: { command, action: 'other', arg: rest } };
  const value =
    colon < 0
      ? null
      : command === 'source'
        ? parseSource(rest)
        : command === 'ask'
          ? parseAsk(rest)
          : command === 'fact'
            ? parseFact(rest)
            : parseTimeline(rest);
  return value === null
    ? { ok: false, reason: `malformed ${command} button` }
    : { ok: true, value };
}
