/** Shared set-up for the Discord adapter tests: the fake Discord, the adapter and a log capture. */
import { Writable } from 'node:stream';
import pino, { type Logger } from 'pino';
import type { Command, Services } from '../../../commands/types.ts';
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
  pred: () => boolean,
  timeoutMs = 3000,
  what = 'condition',
): Promise<void> {
  const end = Date.now() + patience(timeoutMs);
  while (!pred()) {
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
