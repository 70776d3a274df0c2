/**
 * A fake Slack on 127.0.0.1: the Web API methods the bot calls (what @slack/web-api's WebClient
 * sends, form-encoded), response_url sinks that enforce Slack's five posts and thirty minutes, the
 * file-upload URL of files.uploadV2, and signed interaction requests sent to the bot's
 * /slack/events. Every message payload is checked against Block Kit's limits and escaping
 * (`problems`). Faults are injected per method.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQuery } from 'node:querystring';
import { slackSignature } from '../../../src/adapters/slack/signature.ts';
import { boundaryOf, parseMultipart } from '../fake-discord/multipart.ts';
import { patience } from '../patience.ts';
import { validateMessage } from './blockkit.ts';

export { validateMessage } from './blockkit.ts';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export const SIGNING_SECRET = '8f742231b10e8888abcd99ffff85a5ab';
export const BOT_TOKEN = 'xoxb-fake-bot-token';
export const APP_TOKEN = 'xapp-fake-app-token';
export const TEAM_ID = 'T0000FAKE';
export const CHANNEL_ID = 'C0000GENERAL';
export const USER_ID = 'U0000ASKER';
export const BOT_USER_ID = 'U0000DOSSIER';

export interface ApiCall {
  method: string;
  body: Obj;
  at: number;
  /** What the fake answered (set once it has). */
  response?: Obj;
}

export interface ResponsePost {
  /** The response_url's id (one per interaction). */
  id: string;
  payload: Obj;
  status: number;
  at: number;
}

export interface Upload {
  fileId: string;
  filename: string;
  altText: string | undefined;
  bytes: Buffer;
  channelId: string | undefined;
}

/** A fault for the next `times` calls of a method. */
export type Fault =
  | { error: string }
  | { status: 429; retryAfter: number }
  | { status: number; body?: string }
  | { delayMs: number };

export interface InteractionResult {
  status: number;
  body: string;
  /** How long the bot took to answer the HTTP request (its acknowledgement), ms. */
  ackMs: number;
  /** The response_url's id given with the interaction. */
  responseId: string;
}

const RESPONSE_USES = 5;
const RESPONSE_LIFETIME_MS = 30 * 60_000;

/** The raw body of a request. */
function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Obj = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

/** A Web API body: form fields (objects arrive JSON-encoded in a field) or JSON. */
function apiBody(raw: Buffer, contentType: string): Obj {
  if (contentType.includes('application/json')) {
    const parsed: unknown = JSON.parse(raw.toString('utf8') || '{}');
    return isObj(parsed) ? parsed : {};
  }
  const form = parseQuery(raw.toString('utf8'));
  const out: Obj = {};
  for (const [k, v] of Object.entries(form)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value !== 'string') continue;
    if (k === 'blocks' || k === 'files' || k === 'attachments') {
      try {
        out[k] = JSON.parse(value);
      } catch {
        out[k] = value;
      }
    } else out[k] = value;
  }
  return out;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  readonly uploads: Upload[] = [];
  /** Every Block Kit or escaping problem seen in a message payload, with where it came from. */
  readonly problems: string[] = [];
  /** Users who are workspace admins (users.info). */
  readonly admins = new Set<string>();
  /**
   * conversations.info: channels of another workspace (by team id), and channels that do not
   * exist; any other channel is this workspace's (TEAM_ID).
   */
  readonly foreignChannels = new Map<string, string>();
  readonly missingChannels = new Set<string>();
  /** The Socket Mode URL apps.connections.open hands out. */
  socketUrl = '';
  #server: Server | null = null;
  #origin = '';
  #faults = new Map<string, Fault[]>();
  #urls = new Map<string, { issuedAt: number; uses: number }>();
  #seq = 0;
  #pendingUploads = new Map<
    string,
    { filename: string; altText: string | undefined; bytes?: Buffer }
  >();
  #waiters: (() => void)[] = [];

  /** The Web API base (SLACK_API_URL). */
  get apiUrl(): string {
    return `${this.#origin}/api/`;
  }

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      void this.#handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { ok: false, error: String(err) });
      });
    });
    await new Promise<void>((resolve) => this.#server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.#server.address() as AddressInfo;
    this.#origin = `http://127.0.0.1:${port}`;
    return this;
  }

  async close(): Promise<void> {
    const server = this.#server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** A message timestamp, unique in this fake (`seconds.sequence`). */
  newTs(): string {
    return `${Math.floor(Date.now() / 1000)}.${String(++this.#seq).padStart(6, '0')}`;
  }

  /** Makes the next `times` calls of `method` fail as described. */
  fail(method: string, fault: Fault, times = 1): void {
    const list = this.#faults.get(method) ?? [];
    for (let i = 0; i < times; i++) list.push(fault);
    this.#faults.set(method, list);
  }

  /** A new response_url, as Slack gives one with each interaction. */
  newResponseUrl(): { id: string; url: string } {
    const id = `r${++this.#seq}`;
    this.#urls.set(id, { issuedAt: Date.now(), uses: 0 });
    return { id, url: `${this.#origin}/response/${id}` };
  }

  /** Ages a response_url past Slack's thirty minutes. */
  expire(id: string): void {
    const entry = this.#urls.get(id);
    if (entry) entry.issuedAt -= RESPONSE_LIFETIME_MS + 1;
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  responsesTo(id: string): ResponsePost[] {
    return this.responses.filter((r) => r.id === id);
  }

  /** Resolves when `pred` holds, checked after every request (or rejects after `patience(timeoutMs)`). */
  async until(pred: () => boolean, timeoutMs = 5000, what = 'a condition'): Promise<void> {
    const end = Date.now() + patience(timeoutMs);
    while (!pred()) {
      const left = end - Date.now();
      if (left <= 0) throw new Error(`fake Slack: timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(left, 50));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  #notify(): void {
    const waiters = this.#waiters.splice(0);
    for (const w of waiters) w();
  }

  #check(payload: Obj, where: string): void {
    if (payload.delete_original === true) return;
    for (const p of validateMessage(payload)) this.problems.push(`${where}: ${p}`);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.#origin);
    const raw = await readAll(req);
    if (url.pathname.startsWith('/response/'))
      return this.#response(url.pathname.slice(10), raw, res);
    if (url.pathname.startsWith('/upload/')) {
      const pending = this.#pendingUploads.get(url.pathname.slice(8));
      if (!pending) return json(res, 404, { ok: false });
      // files.uploadV2 sends the file as multipart form data; its one part is the file.
      const boundary = boundaryOf(String(req.headers['content-type'] ?? ''));
      const parts = boundary ? parseMultipart(raw, boundary) : null;
      pending.bytes = parts?.files[0]?.data ?? raw;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`OK - ${raw.length}`);
      this.#notify();
      return;
    }
    if (!url.pathname.startsWith('/api/'))
      return json(res, 404, { ok: false, error: 'unknown_path' });
    const method = url.pathname.slice(5);
    const body = apiBody(raw, String(req.headers['content-type'] ?? ''));
    const call: ApiCall = { method, body, at: Date.now() };
    this.calls.push(call);
    this.#notify();
    const fault = this.#faults.get(method)?.shift();
    if (fault) {
      if ('delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
      else if ('error' in fault) return json(res, 200, { ok: false, error: fault.error });
      else if (fault.status === 429 && 'retryAfter' in fault)
        return json(
          res,
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(fault.retryAfter) },
        );
      else return json(res, fault.status, 'body' in fault ? fault.body : { ok: false });
    }
    const auth = String(req.headers.authorization ?? '');
    const wanted = method === 'apps.connections.open' ? APP_TOKEN : BOT_TOKEN;
    if (auth !== `Bearer ${wanted}`) return json(res, 200, { ok: false, error: 'invalid_auth' });
    call.response = this.#method(method, body);
    return json(res, 200, call.response);
  }

  #method(method: string, body: Obj): Obj {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          team_id: TEAM_ID,
          user_id: BOT_USER_ID,
          bot_id: 'B0000DOSSIER',
          team: 'Fake',
        };
      case 'conversations.info': {
        const channel = String(body.channel ?? '');
        if (this.missingChannels.has(channel)) return { ok: false, error: 'channel_not_found' };
        const team = this.foreignChannels.get(channel) ?? TEAM_ID;
        return { ok: true, channel: { id: channel, is_channel: true, context_team_id: team } };
      }
      case 'users.info': {
        const user = String(body.user ?? '');
        return { ok: true, user: { id: user, is_admin: this.admins.has(user), is_owner: false } };
      }
      case 'chat.postMessage':
      case 'chat.postEphemeral':
      case 'chat.update':
        this.#check(body, method);
        return {
          ok: true,
          channel: body.channel,
          // unique, as Slack's are within a channel (many posts share a millisecond here)
          ts: method === 'chat.update' ? body.ts : this.newTs(),
          message_ts: `${++this.#seq}.0001`,
        };
      case 'chat.delete':
        return { ok: true, channel: body.channel, ts: body.ts };
      case 'files.getUploadURLExternal': {
        const fileId = `F${++this.#seq}`;
        const alt = body.alt_text ?? body.alt_txt;
        this.#pendingUploads.set(fileId, {
          filename: String(body.filename ?? ''),
          altText: typeof alt === 'string' ? alt : undefined,
        });
        return { ok: true, upload_url: `${this.#origin}/upload/${fileId}`, file_id: fileId };
      }
      case 'files.completeUploadExternal': {
        const files = Array.isArray(body.files) ? body.files : [];
        for (const f of files) {
          const id = isObj(f) ? String(f.id) : '';
          const pending = this.#pendingUploads.get(id);
          if (!pending?.bytes) return { ok: false, error: 'file_not_uploaded' };
          this.uploads.push({
            fileId: id,
            filename: pending.filename,
            altText: pending.altText,
            bytes: pending.bytes,
            channelId: typeof body.channel_id === 'string' ? body.channel_id : undefined,
          });
        }
        return { ok: true, files: files.map((f) => ({ id: isObj(f) ? f.id : '' })) };
      }
      case 'apps.connections.open':
        return { ok: true, url: this.socketUrl };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  #response(id: string, raw: Buffer, res: ServerResponse): void {
    const entry = this.#urls.get(id);
    const parsed: unknown = JSON.parse(raw.toString('utf8') || '{}');
    const payload = isObj(parsed) ? parsed : {};
    const refuse = (error: string) => {
      this.responses.push({ id, payload, status: 404, at: Date.now() });
      this.#notify();
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(error);
    };
    if (!entry) {
      refuse('invalid_url');
      return;
    }
    if (Date.now() - entry.issuedAt > RESPONSE_LIFETIME_MS) {
      refuse('expired_url');
      return;
    }
    if (entry.uses >= RESPONSE_USES) {
      this.problems.push(`response_url ${id}: used more than ${RESPONSE_USES} times`);
      refuse('used_url');
      return;
    }
    entry.uses++;
    this.#check(payload, `response_url ${id}`);
    this.responses.push({ id, payload, status: 200, at: Date.now() });
    this.#notify();
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  }

  // -------------------------------------------------------------------------------------------
  // Interactions sent to the bot, signed as Slack signs them
  // -------------------------------------------------------------------------------------------

  /** POSTs a signed form body to the bot's events URL; `headers` override the signed ones. */
  async post(
    eventsUrl: string,
    form: string,
    headers: Record<string, string | undefined> = {},
  ): Promise<{ status: number; body: string; ackMs: number }> {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const all: Record<string, string> = {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, form),
    };
    for (const [k, v] of Object.entries(headers)) {
      if (v === undefined) delete all[k];
      else all[k] = v;
    }
    const started = performance.now();
    const response = await fetch(eventsUrl, { method: 'POST', headers: all, body: form });
    const body = await response.text();
    return { status: response.status, body, ackMs: performance.now() - started };
  }

  /**
   * An Events API callback (`event_callback`) POSTed as Slack does: JSON, signed, with its
   * `event_id`; `retry` adds X-Slack-Retry-Num (and a reason), as on a redelivery.
   */
  async event(
    eventsUrl: string,
    event: Obj,
    opts: { eventId?: string; retry?: number } = {},
  ): Promise<{ status: number; body: string; eventId: string; headers: Headers }> {
    const eventId = opts.eventId ?? `Ev${String(++this.#seq).padStart(8, '0')}`;
    const body = JSON.stringify(this.eventEnvelope(event, eventId));
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(SIGNING_SECRET, timestamp, body),
    };
    if (opts.retry !== undefined) {
      headers['x-slack-retry-num'] = String(opts.retry);
      headers['x-slack-retry-reason'] = 'http_timeout';
    }
    const response = await fetch(eventsUrl, { method: 'POST', headers, body });
    return {
      status: response.status,
      body: await response.text(),
      eventId,
      headers: response.headers,
    };
  }

  /** The `event_callback` body Slack wraps an event in (also a Socket Mode envelope's payload). */
  eventEnvelope(event: Obj, eventId: string): Obj {
    return {
      token: 'legacy-verification-token',
      team_id: TEAM_ID,
      api_app_id: 'A0000DOSSIER',
      event,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        { team_id: TEAM_ID, user_id: BOT_USER_ID, is_bot: true, is_enterprise_install: false },
      ],
    };
  }

  /** `/dossier <text>` typed by a user. */
  async slash(
    eventsUrl: string,
    text: string,
    opts: { userId?: string; userName?: string; channelId?: string } = {},
  ): Promise<InteractionResult> {
    const { id, url } = this.newResponseUrl();
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: TEAM_ID,
      team_domain: 'fake',
      channel_id: opts.channelId ?? CHANNEL_ID,
      channel_name: 'general',
      user_id: opts.userId ?? USER_ID,
      user_name: opts.userName ?? 'asker',
      command: '/dossier',
      text,
      api_app_id: 'A0000DOSSIER',
      response_url: url,
      trigger_id: `trigger.${this.#seq}`,
    }).toString();
    return { ...(await this.post(eventsUrl, form)), responseId: id };
  }

  /** A press of a button with `actionId`, on an ephemeral message or a channel message. */
  async press(
    eventsUrl: string,
    actionId: string,
    opts: { ephemeral?: boolean; userId?: string; channelId?: string } = {},
  ): Promise<InteractionResult> {
    const { id, url } = this.newResponseUrl();
    const userId = opts.userId ?? USER_ID;
    const payload = {
      type: 'block_actions',
      user: { id: userId, username: 'asker', name: 'asker', team_id: TEAM_ID },
      api_app_id: 'A0000DOSSIER',
      token: 'legacy-verification-token',
      container: {
        type: 'message',
        message_ts: '1700000000.000100',
        channel_id: opts.channelId ?? CHANNEL_ID,
        is_ephemeral: opts.ephemeral ?? true,
      },
      trigger_id: `trigger.${this.#seq}`,
      team: { id: TEAM_ID, domain: 'fake' },
      channel: { id: opts.channelId ?? CHANNEL_ID, name: 'general' },
      response_url: url,
      actions: [
        {
          action_id: actionId,
          block_id: 'b1',
          text: { type: 'plain_text', text: 'x' },
          type: 'button',
          action_ts: '1700000001.000200',
        },
      ],
    };
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return { ...(await this.post(eventsUrl, form)), responseId: id };
  }

  /** A message shortcut on a message with `text`. */
  async shortcut(eventsUrl: string, callbackId: string, text: string): Promise<InteractionResult> {
    const { id, url } = this.newResponseUrl();
    const payload = {
      type: 'message_action',
      callback_id: callbackId,
      trigger_id: `trigger.${this.#seq}`,
      message_ts: '1700000000.000300',
      team: { id: TEAM_ID, domain: 'fake' },
      channel: { id: CHANNEL_ID, name: 'general' },
      user: { id: USER_ID, username: 'asker', name: 'asker', team_id: TEAM_ID },
      message: { type: 'message', user: 'U0000OTHER', ts: '1700000000.000300', text },
      response_url: url,
      token: 'legacy-verification-token',
    };
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return { ...(await this.post(eventsUrl, form)), responseId: id };
  }
}

/** Starts a fake Slack on a free loopback port. */
export function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}
