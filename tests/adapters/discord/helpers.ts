/** Shared set-up for the Discord adapter tests: the fake Discord, the adapter and a log capture. */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Services } from '../../../commands/services.ts';
import type { Command } from '../../../commands/types.ts';
import {
  type DiscordAdapter,
  type StartDiscordOptions,
  startDiscord,
} from '../../../src/adapters/discord/client.ts';
import { engine, TestRecent } from '../../support/engine.ts';
import type { FakeDiscord, RecordedRequest } from '../../support/fake-discord/index.ts';
import { patience } from '../../support/patience.ts';

export const CALLBACK = '/interactions/:id/:token/callback';
export const ORIGINAL = '/webhooks/:appId/:token/messages/:messageId';
export const FOLLOWUP = '/webhooks/:appId/:token';

export interface LogRecord {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A pino logger whose records are kept in memory, so tests can assert what was logged. */
export function captureLogger(): { logger: Logger; records: LogRecord[] } {
  const records: LogRecord[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() !== '') records.push(JSON.parse(line) as LogRecord);
      }
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), records };
}

export { engine, TestRecent } from '../../support/engine.ts';

export interface Harness {
  adapter: DiscordAdapter;
  logs: LogRecord[];
  services: Services;
  stop(): Promise<void>;
}

/** Starts the adapter against the fake with the given commands. */
export async function startAdapter(
  fake: FakeDiscord,
  commands: readonly Command[],
  extra: Partial<StartDiscordOptions> = {},
): Promise<Harness> {
  const { logger, records } = captureLogger();
  const services: Services = extra.services ?? { recent: new TestRecent() };
  const adapter = await startDiscord({
    token: fake.token,
    apiUrl: fake.restUrl,
    engine: await engine(),
    services,
    logger,
    commands,
    readyTimeoutMs: patience(),
    ...extra,
  });
  return { adapter, logs: records, services, stop: () => adapter.stop() };
}

/** The first callback for an interaction id. */
export function callbackFor(
  fake: FakeDiscord,
  interactionId: string,
  timeoutMs = 4000,
): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (r) => r.route === CALLBACK && r.params.id === interactionId,
    timeoutMs,
  );
}

/** Requests made with an interaction's token (callback excluded). */
export function webhookCalls(fake: FakeDiscord, token: string): RecordedRequest[] {
  return fake.requests((r) => r.params.token === token && r.route !== CALLBACK);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Resolves when `pred` holds (checked every 10 ms), or rejects after `patience(timeoutMs)`. */
export async function until(
  pred: () => boolean | Promise<boolean>,
  timeoutMs = 3000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + patience(timeoutMs);
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

/**
 * The text an interaction's answer ended up showing: its callback's message (type 4), or the
 * edit of its deferral (type 5 then a PATCH of @original); null while it has neither.
 */
export function answerText(fake: FakeDiscord, id: string, token: string): string | null {
  const callback = fake.requests(
    (r) => r.route === CALLBACK && r.params.id === id && r.status !== undefined,
  )[0];
  const edit = fake.requests(
    (r) => r.route === ORIGINAL && r.params.token === token && r.status !== undefined,
  )[0];
  const first = callback?.body as { type?: number; data?: unknown } | undefined;
  const body = (edit?.body ?? (first?.type === 4 ? first.data : undefined)) as
    | { embeds?: { title?: string; description?: string }[]; content?: string }
    | undefined;
  if (!body) return null;
  return [
    body.content ?? '',
    ...(body.embeds ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`),
  ].join('\n');
}

/** A message as Discord shows it: what tests read from an answer. */
export interface MessageData {
  content?: string | null;
  flags?: number;
  embeds?: { title?: string; description?: string }[];
  components?: {
    components?: { custom_id?: string; label?: string; disabled?: boolean; url?: string }[];
  }[];
  allowed_mentions?: { parse?: string[]; replied_user?: boolean };
  choices?: { name: string; value: string }[];
  [key: string]: unknown;
}

/** An interaction's answer wherever it landed, read as if it had been the first response. */
export interface Landed {
  /**
   * 4: a new message (the callback's own, or the edit of a type 5 deferral, or a follow-up after
   * a type 6); 7: the button's message updated (its own callback, or an edit after a type 6); any
   * other first response (8 choices, 9 modal, a refused callback) as it was.
   */
  type: number;
  /** The message shown; an edited deferral's message keeps the deferral's flags (64: private). */
  data: MessageData;
  /** The type 5 or 6 first response the answer came after; null when that response carried it. */
  deferral: RecordedRequest | null;
  /** The request that carried the answer (the callback itself, an edit or a follow-up). */
  request: RecordedRequest;
}

/**
 * Where the answer to the interaction whose first response is `callback` landed. The interaction
 * core answers in the first response (type 4 or 7) when the work can start at once and finishes
 * within its deadline; it defers first (type 5 or 6) when the work must wait its turn (a loaded
 * machine's lagging event loop defers at once) or runs long, and then edits @original or posts a
 * follow-up (a new message: a button's reply, or an answer seen by others than its placeholder
 * was, which is deleted first). Both are correct, so tests read the answer from wherever it is.
 * A deferral Discord refused (another process answered first) never gets an answer: it is
 * returned as it was.
 */
export async function settle(
  fake: FakeDiscord,
  callback: RecordedRequest,
  timeoutMs = 10_000,
): Promise<Landed> {
  const first = (callback.body ?? {}) as { type?: number; data?: MessageData };
  const type = first.type ?? 0;
  const refused = callback.status === undefined || callback.status >= 300;
  if ((type !== 5 && type !== 6) || refused) {
    return { type, data: first.data ?? {}, deferral: null, request: callback };
  }
  const token = callback.params.token;
  const answer = await fake.waitForRequest(
    (r) =>
      r.params.token === token &&
      ((r.route === ORIGINAL && r.method === 'PATCH' && r.params.messageId === '@original') ||
        (r.route === FOLLOWUP && r.method === 'POST')),
    timeoutMs,
  );
  const body = (answer.body ?? {}) as MessageData;
  const edited = answer.route === ORIGINAL;
  const flags = edited ? first.data?.flags : undefined;
  return {
    type: type === 6 && edited ? 7 : 4,
    data: flags === undefined || body.flags !== undefined ? body : { ...body, flags },
    deferral: callback,
    request: answer,
  };
}

/** The answer to an interaction wherever it landed (see settle), once Discord accepted a first response. */
export async function landed(
  fake: FakeDiscord,
  interactionId: string,
  timeoutMs = 10_000,
): Promise<Landed> {
  const callback = await fake.waitForRequest(
    (r) =>
      r.route === CALLBACK &&
      r.params.id === interactionId &&
      r.status !== undefined &&
      r.status < 300,
    timeoutMs,
  );
  return settle(fake, callback, timeoutMs);
}

/** Every message-bearing body recorded: callbacks with data, webhook and channel posts/edits. */
export function messageBodies(
  fake: FakeDiscord,
): { req: RecordedRequest; body: Record<string, unknown> }[] {
  const out: { req: RecordedRequest; body: Record<string, unknown> }[] = [];
  for (const req of fake.requests()) {
    const body = req.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) continue;
    const record = body as Record<string, unknown>;
    if (req.route === CALLBACK) {
      const type = record.type;
      const data = record.data;
      if ((type === 4 || type === 7) && typeof data === 'object' && data !== null) {
        out.push({ req, body: data as Record<string, unknown> });
      }
    } else if (
      (req.method === 'POST' || req.method === 'PATCH') &&
      (req.route === ORIGINAL ||
        req.route === FOLLOWUP ||
        req.route?.startsWith('/channels/:channelId/messages'))
    ) {
      out.push({ req, body: record });
    }
  }
  return out;
}
