/**
 * What an adapter hands the message path (a ChatMessage) and how it posts what the path decides
 * (its ChatOutbox): platform-neutral descriptions, as invocation.ts and responder.ts are for
 * commands. Nothing here is a platform object.
 */
import type { Reply } from '../answer/reply.ts';

/** A chat message as an adapter describes it; nothing here is a platform object. */
export interface ChatMessage {
  /** The message's id, unique on its platform (Slack: `channel:ts`). */
  id: string;
  /** The server (Discord guild, Slack workspace); null in a direct message. */
  guildId: string | null;
  /** Where it was posted (on Discord a thread is a channel of its own). */
  channelId: string;
  /** The channel whose /autoanswer settings apply: a thread's parent, else `channelId`. */
  settingsChannelId: string;
  /** The conversation it is in (Discord: the thread's id; Slack: `channel:thread_ts`), or null. */
  threadKey: string | null;
  author: { id: string; name: string; bot: boolean };
  /** The text, with the bot's own mention taken out. */
  text: string;
  /** A forum post's title; null for any other message. */
  title: string | null;
  /** It mentions the bot. */
  mentioned: boolean;
  /** A direct message to the bot. */
  direct: boolean;
  /** A new forum post (its title and first message). */
  post: boolean;
  /** It replies to another person's message. */
  replyToOther: boolean;
  /** It mentions someone other than the bot. */
  mentionsOthers: boolean;
}

/** Where an answer went. */
export interface PostedAnswer {
  /** The channel (or thread channel) it was posted in, and its id there (Slack: its ts). */
  channelId: string;
  messageId: string;
  /** The conversation it belongs to now (the thread made for it, the one it was asked in, the DM). */
  threadKey: string;
  /** The answer opened that thread. */
  openedThread: boolean;
}

/**
 * How an adapter posts answers. Every method resolves (false or null when the platform refused,
 * logged by the adapter) and should not reject.
 */
export interface ChatOutbox {
  /**
   * The answer to `message`: in its thread, in a new thread made from it, or (a DM) a reply. A
   * thread it opens must have `message.id` as its threadKey (the key later replies carry), as
   * the thread's conversation is kept under that key from the first message on (Discord: a
   * thread made from a message has its id; Slack: the thread of `channel:ts` is `channel:ts`).
   */
  post(message: ChatMessage, reply: Reply): Promise<PostedAnswer | null>;
  /** A short note for the asker (rate limit, no keyword): privately where the platform can. */
  tell(message: ChatMessage, reply: Reply): Promise<boolean>;
  edit(answer: { channelId: string; messageId: string }, reply: Reply): Promise<boolean>;
  remove(answer: { channelId: string; messageId: string }): Promise<boolean>;
}
