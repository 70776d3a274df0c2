import type { AskOptions } from '../answer/ask.ts';
import type { Engine } from '../answer/engine.ts';
import type { Answer } from '../answer/types.ts';
import { passageHolds, readTurn } from './read.ts';
import type { ConversationStore, Reading, Turn } from './types.ts';

/** How many turns a conversation remembers: the rule reads the last one; a few more cost nothing. */
export const MAX_TURNS = 6;
/** A turn older than this is forgotten: a thread taken up the next day starts afresh. */
export const TURN_TTL_MS = 24 * 3_600_000;

/** What a conversation asks with: the engine of the moment (read once per turn by the caller). */
export type ConversationEngine = Pick<Engine, 'index' | 'corpus' | 'ask'>;

export interface ConversationOptions {
  maxTurns?: number | undefined;
  ttlMs?: number | undefined;
  /** The clock turns are stamped and expired with (tests pass a fake). */
  clock?: (() => Date) | undefined;
}

export interface AskInThread {
  engine: ConversationEngine;
  /** Only search this document. */
  docSlug?: AskOptions['docSlug'];
}

/**
 * The key of a conversation: one per thread, `platform:place:thread` (Discord `discord:<guild or
 * dm>:<thread or channel id>`, Slack `slack:<team>:<channel>/<thread_ts>`, the terminal
 * `console:local:<n>`). A colon inside a part is kept: only the whole key is compared.
 * @example threadKey('discord', '81384788765712384', '1162489519396356096')
 */
export function threadKey(platform: string, place: string, thread: string): string {
  return `${platform}:${place}:${thread}`;
}

/**
 * Conversations per thread: a turn is read with the thread's earlier turns (readTurn), asked, and
 * kept with what was shown, bounded to the last MAX_TURNS and forgotten after TURN_TTL_MS.
 * Platform-neutral: threads on Discord and Slack and the terminal chat all go through `ask`.
 *
 * @example
 * const conversations = new Conversations(new MemoryConversationStore());
 * await conversations.ask('console:local:1', 'What did Iran send to Russia?', { engine });
 * const answer = await conversations.ask('console:local:1', 'and the drones?', { engine });
 * answer.question // 'What did Iran send to Russia? drones'
 */
export class Conversations {
  private readonly maxTurns: number;
  private readonly ttlMs: number;
  private readonly clock: () => Date;

  constructor(
    private readonly store: ConversationStore,
    opts: ConversationOptions = {},
  ) {
    this.maxTurns = opts.maxTurns ?? MAX_TURNS;
    this.ttlMs = opts.ttlMs ?? TURN_TTL_MS;
    this.clock = opts.clock ?? (() => new Date());
  }

  /** The thread's remembered turns, oldest first (expired ones left out). */
  turns(key: string): Promise<Turn[]> {
    const since = new Date(this.clock().getTime() - this.ttlMs);
    return this.store.turns(key, since, this.maxTurns);
  }

  /** How a turn would be read in this thread now, without asking or storing it. */
  async read(key: string, text: string, engine: ConversationEngine): Promise<Reading> {
    return readTurn(await this.turns(key), text, engine);
  }

  /**
   * Reads the turn with the thread's conversation, asks the engine what it comes to, stores the
   * turn with the passages shown, and returns the Answer (its `question` is what was asked). A
   * complete question is asked exactly as typed, so its Answer is the one `engine.ask` gives.
   */
  async ask(key: string, text: string, opts: AskInThread): Promise<Answer> {
    const { reading, answer } = await this.prepare(key, text, opts);
    await this.record(key, text, reading, answer);
    return answer;
  }

  /**
   * `ask` without storing: the turn as read and asked, and its Answer. For a caller that builds
   * its reply through another path (the /ask command's, which asks `reading.question` again and
   * gets the same Answer) and then stores the turn with `record`.
   */
  async prepare(
    key: string,
    text: string,
    opts: AskInThread,
  ): Promise<{ reading: Reading; answer: Answer }> {
    return askReading(await this.read(key, text, opts.engine), opts);
  }

  /** Stores a turn read with `read` and answered elsewhere (e.g. through the /ask command). */
  async record(key: string, text: string, reading: Reading, answer: Answer): Promise<void> {
    const shown = answer.status === 'answered' ? answer.passages : answer.related;
    await this.store.add(
      key,
      {
        ...reading,
        text,
        short: answer.short?.text ?? null,
        passageIds: shown.map((p) => p.id),
        at: this.clock(),
      },
      this.maxTurns,
    );
  }

  /** Starts the thread afresh (the terminal's /new). */
  reset(key: string): Promise<void> {
    return this.store.clear(key);
  }
}

/**
 * Asks what a reading comes to: its question, or, for a narrowing whose answer's best passage
 * lacks the narrowing's words ("only the missiles?" answered without missiles), its fallback when
 * that one's best passage has them. Returns the reading as it was finally asked.
 */
export function askReading(
  reading: Reading,
  opts: AskInThread,
): { reading: Reading; answer: Answer } {
  const { engine, docSlug } = opts;
  const answer = engine.ask(reading.question, { docSlug, borrowed: borrowedOf(reading) });
  if (reading.fallback === undefined || holdsOwn(engine, answer, reading.own))
    return { reading, answer };
  const other = engine.ask(reading.fallback, { docSlug });
  if (other.status !== 'answered' || !holdsOwn(engine, other, reading.own))
    return { reading, answer };
  const { fallback, ...rest } = reading;
  return { reading: { ...rest, question: fallback, frame: fallback, context: [] }, answer: other };
}

/**
 * The words a reading carried in from the conversation and not typed in this turn: they help
 * find the passages, but the question is about what this turn asks (ask's `borrowed`).
 */
export function borrowedOf(reading: Reading): string[] {
  const own = new Set(reading.own.flatMap((w) => w.toLowerCase().split(/\s+/)));
  return reading.context
    .flatMap((w) => w.toLowerCase().split(/\s+/))
    .filter((w) => w !== '' && !own.has(w));
}

function holdsOwn(engine: ConversationEngine, answer: Answer, own: readonly string[]): boolean {
  const best = answer.passages[0];
  return best !== undefined && passageHolds(engine, best.text, own);
}

/**
 * Conversations in memory, for the terminal chat and the CLI (no database there): at most
 * `threads` threads, the least recently used dropped first, lost when the process ends.
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly threads = new Map<string, Turn[]>();
  constructor(private readonly capacity = 1000) {}

  async turns(key: string, since: Date, limit: number): Promise<Turn[]> {
    const turns = this.threads.get(key) ?? [];
    return turns.filter((t) => t.at.getTime() >= since.getTime()).slice(-limit);
  }

  async add(key: string, turn: Turn, keep: number): Promise<void> {
    const turns = [...(this.threads.get(key) ?? []), turn].slice(-keep);
    this.threads.delete(key);
    this.threads.set(key, turns);
    if (this.threads.size > this.capacity) {
      const oldest = this.threads.keys().next().value;
      if (oldest !== undefined) this.threads.delete(oldest);
    }
  }

  async clear(key: string): Promise<void> {
    this.threads.delete(key);
  }
}

/**
 * Asks each turn of one conversation in order, in a fresh thread of its own, and returns the
 * last turn's Answer: what `ask --conversations` prints and `eval --followups` scores.
 * @example (await askConversation(engine, ['What did Iran send to Russia?', 'and the drones?'])).status
 */
export async function askConversation(
  engine: ConversationEngine,
  turns: readonly string[],
  opts: Omit<AskInThread, 'engine'> & ConversationOptions = {},
): Promise<Answer> {
  if (turns.length === 0) throw new Error('conversation: no turns to ask');
  const conversations = new Conversations(new MemoryConversationStore(1), opts);
  let answer: Answer | undefined;
  for (const turn of turns) {
    answer = await conversations.ask('conversation', turn, { engine, docSlug: opts.docSlug });
  }
  return answer as Answer;
}
