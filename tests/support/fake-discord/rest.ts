/**
 * The fake Discord REST API: a plain node:http server on 127.0.0.1 that answers the routes a
 * bot uses, records every request, and can inject latency, 429s, 5xx and Discord error codes.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIApplicationCommand, APIMessage } from 'discord.js';
import { patience } from '../patience.ts';
import { boundaryOf, type MultipartBody, type MultipartFile, parseMultipart } from './multipart.ts';
import { buildMessage } from './payloads.ts';
import { snowflake } from './snowflake.ts';
import { type FakeWorld, guildOf, type InteractionRecord, type StoredMessage } from './state.ts';

/** Discord API version prefix that @discordjs/rest puts after `options.api`. */
export const API_PREFIX = '/api/v10';

export interface RecordedRequest {
  /** Sequence number, starting at 1. */
  seq: number;
  method: string;
  /** Percent-decoded path after `/api/v10`, e.g. `/webhooks/1/tok/messages/@original`. */
  path: string;
  /** Route template that handled it, e.g. `/interactions/:id/:token/callback`; null when unknown. */
  route: string | null;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Parsed JSON body; for multipart requests, the parsed `payload_json` field. */
  body: unknown;
  rawBody: string;
  multipart: MultipartBody | undefined;
  headers: IncomingHttpHeaders;
  /** Date.now() when the request arrived. */
  time: number;
  /** Set once the response has been sent. */
  status: number | undefined;
  responseBody: unknown;
  respondedAt: number | undefined;
  /** The fault that shaped the response, if any. */
  fault: FaultSpec | undefined;
}

export interface DiscordErrorSpec {
  status: number;
  code: number;
  message: string;
  errors?: unknown;
}

/** Discord's JSON error codes with the HTTP status Discord pairs them with. */
export const DiscordErrors = {
  unknownChannel: { status: 404, code: 10003, message: 'Unknown Channel' },
  unknownGuild: { status: 404, code: 10004, message: 'Unknown Guild' },
  unknownMessage: { status: 404, code: 10008, message: 'Unknown Message' },
  unknownWebhook: { status: 404, code: 10015, message: 'Unknown Webhook' },
  unknownInteraction: { status: 404, code: 10062, message: 'Unknown interaction' },
  missingAccess: { status: 403, code: 50001, message: 'Missing Access' },
  missingPermissions: { status: 403, code: 50013, message: 'Missing Permissions' },
  cannotSendEmptyMessage: { status: 400, code: 50006, message: 'Cannot send an empty message' },
  alreadyAcknowledged: {
    status: 400,
    code: 40060,
    message: 'Interaction has already been acknowledged.',
  },
  cannotExecuteOnChannelType: {
    status: 400,
    code: 50024,
    message: 'Cannot execute action on this channel type',
  },
  threadAlreadyCreated: {
    status: 400,
    code: 160004,
    message: 'A thread has already been created for this message',
  },
} as const satisfies Record<string, DiscordErrorSpec>;

export type FaultResponse =
  | {
      kind: 'rateLimit';
      /** Seconds; fractional values are sent as-is so tests stay fast. */
      retryAfter: number;
      global?: boolean;
      scope?: 'user' | 'global' | 'shared';
      bucket?: string;
    }
  | { kind: 'serverError'; status?: number; body?: string }
  | ({ kind: 'discordError' } & DiscordErrorSpec);

export interface FaultSpec {
  /** HTTP method to match (case-insensitive); any when omitted. */
  method?: string;
  /**
   * Path to match (after `/api/v10`): a template whose `:name` and `*` segments match any one
   * segment (e.g. `/interactions/:id/:token/callback`), a RegExp, or a predicate.
   */
  route?: string | RegExp | ((req: RecordedRequest) => boolean);
  /** How many requests this fault applies to; default 1. Use Infinity for a standing fault. */
  times?: number;
  /** Delay before the response (normal or faulted), in ms. */
  delayMs?: number;
  /**
   * Holds the response until this settles (a gate the test opens), after any `delayMs`: "on the
   * wire until the test says so", with no timing to race.
   */
  until?: Promise<unknown>;
  /** The faulted response; when omitted only `delayMs` applies and the route answers normally. */
  response?: FaultResponse;
}

export interface FaultHandle {
  readonly spec: FaultSpec;
  /** Requests this fault has applied to so far. */
  readonly hits: number;
  remove(): void;
}

/** Shorthands for `FaultResponse`s. */
export const faults = {
  rateLimit: (
    retryAfter: number,
    extra: { global?: boolean; scope?: 'user' | 'global' | 'shared' } = {},
  ) => ({ kind: 'rateLimit', retryAfter, ...extra }) satisfies FaultResponse,
  serverError: (status = 500) => ({ kind: 'serverError', status }) satisfies FaultResponse,
  discord: (error: DiscordErrorSpec) =>
    ({ kind: 'discordError', ...error }) satisfies FaultResponse,
};

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

interface RouteContext {
  req: RecordedRequest;
  params: Record<string, string>;
  body: Record<string, unknown>;
}

interface RouteDef {
  method: string;
  template: string;
  segments: string[];
  handle: (ctx: RouteContext) => Reply;
}

export interface FakeRestOptions {
  world: FakeWorld;
  /** The ws:// URL announced by GET /gateway and /gateway/bot. */
  gatewayUrl: () => string;
  /** If set, interaction callbacks later than this after dispatch get 10062 Unknown interaction. */
  interactionAckWindowMs?: number;
  /** The shard count GET /gateway/bot recommends; default 1. */
  recommendedShards?: number;
  /** Sends a gateway dispatch, as Discord does after some REST calls (a thread made: THREAD_CREATE). */
  dispatch?: (t: string, d: unknown) => void;
}

type Waiter = {
  pred: (req: RecordedRequest) => boolean;
  resolve: (req: RecordedRequest) => void;
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s.length > 0);
}

function matchSegments(template: string[], actual: string[]): Record<string, string> | null {
  if (template.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i] ?? '';
    const a = actual[i] ?? '';
    if (t === '*') continue;
    if (t.startsWith(':')) params[t.slice(1)] = a;
    else if (t !== a) return null;
  }
  return params;
}

function discordError(error: DiscordErrorSpec): Reply {
  const body: Record<string, unknown> = { message: error.message, code: error.code };
  if (error.errors !== undefined) body.errors = error.errors;
  return { status: error.status, body };
}

function invalidFormBody(field: string, code: string, message: string): Reply {
  const errors: Record<string, unknown> = {};
  let cursor = errors;
  const parts = field.split('.');
  parts.forEach((part, i) => {
    const next: Record<string, unknown> =
      i === parts.length - 1 ? { _errors: [{ code, message }] } : {};
    cursor[part] = next;
    cursor = next;
  });
  return discordError({ status: 400, code: 50035, message: 'Invalid Form Body', errors });
}

export class FakeRest {
  readonly server: Server;
  private readonly world: FakeWorld;
  private readonly options: FakeRestOptions;
  private readonly routes: RouteDef[] = [];
  private readonly recorded: RecordedRequest[] = [];
  private readonly waiters = new Set<Waiter>();
  private readonly faultList: { spec: FaultSpec; hits: number; remaining: number }[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private seq = 0;
  private port = 0;
  /** Interaction tokens whose webhook calls wait until their HTTP response has been applied. */
  private readonly held = new Map<string, Promise<void>>();

  constructor(options: FakeRestOptions) {
    this.options = options;
    this.world = options.world;
    this.server = createServer((req, res) => {
      this.onRequest(req)
        .then((reply) => {
          const json = reply.body === undefined ? '' : JSON.stringify(reply.body);
          res.writeHead(reply.status, {
            ...(json ? { 'content-type': 'application/json' } : {}),
            ...reply.headers,
          });
          res.end(json);
        })
        .catch((error: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({ message: `fake-discord internal error: ${String(error)}`, code: 0 }),
          );
        });
    });
    this.server.keepAliveTimeout = 1000;
    this.registerRoutes();
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>/api` — pass as discord.js `rest.api`. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Recording
  // ---------------------------------------------------------------------------------------------

  /** Every request received so far (in arrival order), optionally filtered. */
  requests(pred?: (req: RecordedRequest) => boolean): RecordedRequest[] {
    return pred ? this.recorded.filter(pred) : [...this.recorded];
  }

  clearRequests(): void {
    this.recorded.length = 0;
  }

  /**
   * Resolves with the first answered request matching `pred` — including ones already recorded
   * (use `clearRequests()` first to only see new ones) — or rejects after `timeoutMs`.
   */
  waitForRequest(
    pred: (req: RecordedRequest) => boolean,
    timeoutMs = 2000,
  ): Promise<RecordedRequest> {
    const existing = this.recorded.find((r) => r.status !== undefined && pred(r));
    if (existing) return Promise.resolve(existing);
    const allowed = patience(timeoutMs);
    return new Promise<RecordedRequest>((resolve, reject) => {
      const waiter: Waiter = {
        pred,
        resolve: (req) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(req);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.recorded.map((r) => `${r.method} ${r.path} -> ${r.status ?? '...'}`);
        reject(
          new Error(
            `fake-discord: no matching REST request within ${allowed} ms; seen:\n  ${seen.join('\n  ') || '(none)'}`,
          ),
        );
      }, allowed);
      this.waiters.add(waiter);
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Faults
  // ---------------------------------------------------------------------------------------------

  injectFault(spec: FaultSpec): FaultHandle {
    const entry = { spec, hits: 0, remaining: spec.times ?? 1 };
    this.faultList.push(entry);
    const list = this.faultList;
    return {
      spec,
      get hits() {
        return entry.hits;
      },
      remove() {
        const i = list.indexOf(entry);
        if (i !== -1) list.splice(i, 1);
      },
    };
  }

  clearFaults(): void {
    this.faultList.length = 0;
  }

  private takeFault(req: RecordedRequest): FaultSpec | undefined {
    for (const entry of this.faultList) {
      const { spec } = entry;
      if (entry.remaining <= 0) continue;
      if (spec.method && spec.method.toUpperCase() !== req.method) continue;
      if (spec.route !== undefined) {
        const r = spec.route;
        const ok =
          typeof r === 'string'
            ? matchSegments(splitPath(r), splitPath(req.path)) !== null
            : r instanceof RegExp
              ? r.test(req.path)
              : r(req);
        if (!ok) continue;
      }
      entry.remaining--;
      entry.hits++;
      return spec;
    }
    return undefined;
  }

  private faultReply(response: FaultResponse): Reply {
    switch (response.kind) {
      case 'rateLimit': {
        const scope = response.scope ?? (response.global ? 'global' : 'user');
        const headers: Record<string, string> = {
          'retry-after': String(response.retryAfter),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String((Date.now() + response.retryAfter * 1000) / 1000),
          'x-ratelimit-reset-after': String(response.retryAfter),
          'x-ratelimit-bucket': response.bucket ?? 'fakebucket0000000000000000000000',
          'x-ratelimit-scope': scope,
        };
        if (response.global) headers['x-ratelimit-global'] = 'true';
        return {
          status: 429,
          headers,
          body: {
            message: 'You are being rate limited.',
            retry_after: response.retryAfter,
            global: response.global ?? false,
            ...(response.global ? { code: 0 } : {}),
          },
        };
      }
      case 'serverError':
        return {
          status: response.status ?? 500,
          headers: { 'content-type': 'text/plain' },
          body: response.body ?? 'upstream connect error',
        };
      case 'discordError':
        return discordError(response);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Request pipeline
  // ---------------------------------------------------------------------------------------------

  private async onRequest(req: IncomingMessage): Promise<Reply> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const rawPath = url.pathname.startsWith(API_PREFIX)
      ? url.pathname.slice(API_PREFIX.length) || '/'
      : url.pathname;
    const path = safeDecode(rawPath);
    const contentType = req.headers['content-type'] ?? '';
    let body: unknown = null;
    let multipart: MultipartBody | undefined;
    if (contentType.startsWith('multipart/form-data')) {
      const boundary = boundaryOf(contentType);
      if (boundary) {
        multipart = parseMultipart(raw, boundary);
        const payload = multipart.fields.payload_json;
        body = payload === undefined ? null : safeJson(payload);
      }
    } else if (raw.length > 0) {
      body = safeJson(raw.toString('utf8'));
    }
    const recorded: RecordedRequest = {
      seq: ++this.seq,
      method,
      path,
      route: null,
      params: {},
      query: Object.fromEntries(url.searchParams),
      body,
      rawBody: multipart ? '' : raw.toString('utf8'),
      multipart,
      headers: req.headers,
      time: Date.now(),
      status: undefined,
      responseBody: undefined,
      respondedAt: undefined,
      fault: undefined,
    };
    this.recorded.push(recorded);

    const found = this.findRoute(method, path);
    if (found) {
      recorded.route = found.route.template;
      recorded.params = found.params;
    }

    // Discord applies an HTTP interaction response before the bot can edit it; so does the fake.
    const hold = found?.params.token === undefined ? undefined : this.held.get(found.params.token);
    if (hold) await hold;

    const fault = this.takeFault(recorded);
    recorded.fault = fault;
    if (fault?.delayMs) await this.sleep(fault.delayMs);
    if (fault?.until) await fault.until.catch(() => undefined);

    let reply: Reply;
    if (fault?.response) {
      reply = this.faultReply(fault.response);
    } else if (!url.pathname.startsWith(API_PREFIX)) {
      reply = discordError({ status: 404, code: 0, message: '404: Not Found' });
    } else if (!found) {
      reply = discordError({ status: 404, code: 0, message: '404: Not Found' });
    } else if (!this.authorized(req.headers)) {
      reply = discordError({ status: 401, code: 0, message: '401: Unauthorized' });
    } else {
      reply = found.route.handle({
        req: recorded,
        params: found.params,
        body: isRecord(body) ? body : {},
      });
    }

    recorded.status = reply.status;
    recorded.responseBody = reply.body;
    recorded.respondedAt = Date.now();
    for (const waiter of [...this.waiters]) {
      if (waiter.pred(recorded)) waiter.resolve(recorded);
    }
    return reply;
  }

  /**
   * Until the returned function is called, webhook calls with `token` wait: the interaction was
   * POSTed to a bot over HTTP and its response (the first response) is not applied yet.
   */
  hold(token: string): () => void {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.held.set(token, gate);
    return () => {
      this.held.delete(token);
      release();
    };
  }

  /**
   * Applies a bot's HTTP response to an interaction as Discord does, recorded like a callback
   * request (route `/interactions/:id/:token/callback`, header `x-fake-via: http-response`), so the
   * same assertions and helpers see answers over the gateway and over HTTP alike.
   */
  acknowledgeOverHttp(interactionId: string, token: string, body: unknown): RecordedRequest {
    const path = `/interactions/${interactionId}/${token}/callback`;
    const recorded: RecordedRequest = {
      seq: ++this.seq,
      method: 'POST',
      path,
      route: '/interactions/:id/:token/callback',
      params: { id: interactionId, token },
      query: {},
      body,
      rawBody: JSON.stringify(body),
      multipart: undefined,
      headers: { 'x-fake-via': 'http-response' },
      time: Date.now(),
      status: undefined,
      responseBody: undefined,
      respondedAt: undefined,
      fault: undefined,
    };
    this.recorded.push(recorded);
    const reply = this.interactionCallback({
      req: recorded,
      params: recorded.params,
      body: isRecord(body) ? body : {},
    });
    recorded.status = reply.status;
    recorded.responseBody = reply.body;
    recorded.respondedAt = Date.now();
    for (const waiter of [...this.waiters]) {
      if (waiter.pred(recorded)) waiter.resolve(recorded);
    }
    return recorded;
  }

  private authorized(headers: IncomingHttpHeaders): boolean {
    const auth = headers.authorization;
    return auth === undefined || auth === `Bot ${this.world.token}`;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private findRoute(
    method: string,
    path: string,
  ): { route: RouteDef; params: Record<string, string> } | undefined {
    const actual = splitPath(path);
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const params = matchSegments(route.segments, actual);
      if (params) return { route, params };
    }
    return undefined;
  }

  private on(method: string, template: string, handle: (ctx: RouteContext) => Reply): void {
    this.routes.push({ method, template, segments: splitPath(template), handle });
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.waiters.clear();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------------------------
  // Routes
  // ---------------------------------------------------------------------------------------------

  private registerRoutes(): void {
    const world = this.world;
    const gatewayInfo = () => ({ url: this.options.gatewayUrl() });

    this.on('GET', '/gateway', () => ({ status: 200, body: gatewayInfo() }));
    this.on('GET', '/gateway/bot', () => ({
      status: 200,
      body: {
        ...gatewayInfo(),
        shards: this.options.recommendedShards ?? 1,
        session_start_limit: {
          total: 1000,
          remaining: 999,
          reset_after: 14_400_000,
          max_concurrency: 1,
        },
      },
    }));

    this.on('GET', '/users/@me', () => ({ status: 200, body: world.botUser }));
    const application = () => ({
      id: world.applicationId,
      name: world.botUser.username,
      icon: null,
      description: '',
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      bot: world.botUser,
      owner: { ...world.user },
      team: null,
    });
    this.on('GET', '/oauth2/applications/@me', () => ({ status: 200, body: application() }));
    this.on('GET', '/applications/@me', () => ({ status: 200, body: application() }));

    // Guilds and channels
    this.on('GET', '/guilds/:guildId', ({ params }) => {
      const guild = world.guilds.get(params.guildId ?? '');
      return guild ? { status: 200, body: guild } : discordError(DiscordErrors.unknownGuild);
    });
    this.on('GET', '/guilds/:guildId/members/:userId', ({ params }) => {
      const guild = world.guilds.get(params.guildId ?? '');
      if (!guild) return discordError(DiscordErrors.unknownGuild);
      const member = guild.members.find((m) => m.user.id === params.userId);
      return member
        ? { status: 200, body: member }
        : discordError({ status: 404, code: 10007, message: 'Unknown Member' });
    });
    this.on('GET', '/guilds/:guildId/channels', ({ params }) => {
      const guild = world.guilds.get(params.guildId ?? '');
      return guild
        ? { status: 200, body: guild.channels }
        : discordError(DiscordErrors.unknownGuild);
    });
    this.on('GET', '/channels/:channelId', ({ params }) => {
      const channel = world.channels.get(params.channelId ?? '');
      return channel ? { status: 200, body: channel } : discordError(DiscordErrors.unknownChannel);
    });
    this.on('POST', '/channels/:channelId/typing', ({ params }) =>
      world.channels.has(params.channelId ?? '')
        ? { status: 204 }
        : discordError(DiscordErrors.unknownChannel),
    );
    this.on('POST', '/channels/:channelId/messages', ({ params, body, req }) => {
      const channel = world.channels.get(params.channelId ?? '');
      if (!channel) return discordError(DiscordErrors.unknownChannel);
      const invalid = validateMessageBody(body, '');
      if (invalid) return invalid;
      const nonce = body.nonce;
      const nonceKey =
        body.enforce_nonce === true && (typeof nonce === 'string' || typeof nonce === 'number')
          ? `${channel.id}:${nonce}`
          : undefined;
      if (nonceKey !== undefined) {
        const existing = world.messages.get(world.nonces.get(nonceKey) ?? '');
        if (existing) return { status: 200, body: existing };
      }
      const guildId = guildOf(channel);
      const message = buildMessage({
        channelId: channel.id,
        ...(guildId === undefined ? {} : { guildId }),
        author: world.botUser,
        ...(typeof nonce === 'string' || typeof nonce === 'number' ? { nonce } : {}),
      });
      applyMessageEdit(message, body, this.origin, req.multipart?.files);
      const reference = isRecord(body.message_reference) ? body.message_reference : undefined;
      if (typeof reference?.message_id === 'string') {
        message.type = 19;
        message.message_reference = { message_id: reference.message_id, channel_id: channel.id };
      }
      world.messages.set(message.id, message);
      if (nonceKey !== undefined) world.nonces.set(nonceKey, message.id);
      if ('last_message_id' in channel) channel.last_message_id = message.id;
      return { status: 200, body: message };
    });
    // A thread made from a message: it takes the message's id, as on Discord.
    this.on('POST', '/channels/:channelId/messages/:messageId/threads', ({ params, body }) => {
      const channel = world.channels.get(params.channelId ?? '');
      if (!channel) return discordError(DiscordErrors.unknownChannel);
      const message = world.messages.get(params.messageId ?? '');
      if (!message || message.channel_id !== channel.id)
        return discordError(DiscordErrors.unknownMessage);
      if (channel.type !== 0) return discordError(DiscordErrors.cannotExecuteOnChannelType);
      if (world.channels.has(message.id)) return discordError(DiscordErrors.threadAlreadyCreated);
      const name = typeof body.name === 'string' ? body.name : '';
      if (name.length < 1 || name.length > 100)
        return invalidFormBody(
          'name',
          'BASE_TYPE_BAD_LENGTH',
          'Must be between 1 and 100 in length.',
        );
      const thread = world.addThread(channel.id, {
        id: message.id,
        name,
        ownerId: world.botUser.id,
      });
      this.options.dispatch?.('THREAD_CREATE', { ...thread, newly_created: true });
      return { status: 201, body: thread };
    });
    this.on('GET', '/channels/:channelId/messages/:messageId', ({ params }) => {
      const message = world.messages.get(params.messageId ?? '');
      if (!message || message.channel_id !== params.channelId)
        return discordError(DiscordErrors.unknownMessage);
      // Without the Message Content intent, REST hides other people's text as the gateway does.
      const visible =
        world.messageContentIntent ||
        message.guild_id === undefined ||
        message.author.id === world.botUser.id ||
        message.mentions.some((u) => u.id === world.botUser.id);
      return {
        status: 200,
        body: visible ? message : { ...message, content: '', embeds: [], attachments: [] },
      };
    });
    this.on('PATCH', '/channels/:channelId/messages/:messageId', ({ params, body, req }) => {
      const message = world.messages.get(params.messageId ?? '');
      if (!message || message.channel_id !== params.channelId) {
        return discordError(DiscordErrors.unknownMessage);
      }
      const invalid = validateMessageBody(body, '', true);
      if (invalid) return invalid;
      applyMessageEdit(message, body, this.origin, req.multipart?.files);
      message.edited_timestamp = new Date().toISOString();
      return { status: 200, body: message };
    });
    this.on('DELETE', '/channels/:channelId/messages/:messageId', ({ params }) => {
      const message = world.messages.get(params.messageId ?? '');
      if (!message || message.channel_id !== params.channelId) {
        return discordError(DiscordErrors.unknownMessage);
      }
      world.messages.delete(message.id);
      return { status: 204 };
    });

    // Interactions
    this.on('POST', '/interactions/:id/:token/callback', (ctx) => this.interactionCallback(ctx));

    const webhookInteraction = (params: Record<string, string>): InteractionRecord | undefined => {
      const interaction = world.interactionsByToken.get(params.token ?? '');
      return interaction && interaction.applicationId === params.appId ? interaction : undefined;
    };
    const webhookMessage = (
      interaction: InteractionRecord,
      messageId: string,
    ): StoredMessage | undefined => {
      const id = messageId === '@original' ? interaction.originalMessageId : messageId;
      return id === undefined ? undefined : world.messages.get(id);
    };

    this.on('POST', '/webhooks/:appId/:token', ({ params, body, req }) => {
      const interaction = webhookInteraction(params);
      if (!interaction || interaction.ackType === undefined) {
        return discordError(DiscordErrors.unknownWebhook);
      }
      const invalid = validateMessageBody(body, '');
      if (invalid) return invalid;
      const message = this.newBotMessage(interaction);
      applyMessageEdit(message, body, this.origin, req.multipart?.files);
      world.messages.set(message.id, message);
      return { status: 200, body: message };
    });
    this.on('GET', '/webhooks/:appId/:token/messages/:messageId', ({ params }) => {
      const interaction = webhookInteraction(params);
      if (!interaction) return discordError(DiscordErrors.unknownWebhook);
      const message = webhookMessage(interaction, params.messageId ?? '');
      return message ? { status: 200, body: message } : discordError(DiscordErrors.unknownMessage);
    });
    this.on('PATCH', '/webhooks/:appId/:token/messages/:messageId', ({ params, body, req }) => {
      const interaction = webhookInteraction(params);
      if (!interaction) return discordError(DiscordErrors.unknownWebhook);
      const message = webhookMessage(interaction, params.messageId ?? '');
      if (!message) return discordError(DiscordErrors.unknownMessage);
      const invalid = validateMessageBody(body, '', true);
      if (invalid) return invalid;
      applyMessageEdit(message, body, this.origin, req.multipart?.files);
      // Editing a deferred ("thinking…") response turns it into a real message.
      message.flags = (message.flags ?? 0) & ~LOADING_FLAG;
      message.edited_timestamp = new Date().toISOString();
      return { status: 200, body: message };
    });
    this.on('DELETE', '/webhooks/:appId/:token/messages/:messageId', ({ params }) => {
      const interaction = webhookInteraction(params);
      if (!interaction) return discordError(DiscordErrors.unknownWebhook);
      const message = webhookMessage(interaction, params.messageId ?? '');
      if (!message) return discordError(DiscordErrors.unknownMessage);
      world.messages.delete(message.id);
      return { status: 204 };
    });

    // Application commands
    const commandsFor = (params: Record<string, string>) => {
      if (params.appId !== world.applicationId) return undefined;
      if (params.guildId === undefined) return world.globalCommands;
      if (!world.guilds.has(params.guildId)) return undefined;
      let map = world.guildCommands.get(params.guildId);
      if (!map) {
        map = new Map();
        world.guildCommands.set(params.guildId, map);
      }
      return map;
    };
    const upsert = (
      map: Map<string, APIApplicationCommand>,
      raw: unknown,
      guildId: string | undefined,
    ): APIApplicationCommand => {
      const input = isRecord(raw) ? raw : {};
      const name = typeof input.name === 'string' ? input.name : '';
      const existing = [...map.values()].find(
        (c) => c.name === name && c.type === (input.type ?? 1),
      );
      const command = {
        default_member_permissions: null,
        description: '',
        type: 1,
        nsfw: false,
        ...input,
        id: existing?.id ?? snowflake(),
        application_id: world.applicationId,
        version: snowflake(),
        ...(guildId === undefined ? {} : { guild_id: guildId }),
      } as APIApplicationCommand;
      map.set(command.id, command);
      return command;
    };
    for (const prefix of ['/applications/:appId', '/applications/:appId/guilds/:guildId']) {
      this.on('GET', `${prefix}/commands`, ({ params }) => {
        const map = commandsFor(params);
        return map
          ? { status: 200, body: [...map.values()] }
          : discordError(DiscordErrors.missingAccess);
      });
      this.on('PUT', `${prefix}/commands`, ({ params, req }) => {
        const map = commandsFor(params);
        if (!map) return discordError(DiscordErrors.missingAccess);
        if (!Array.isArray(req.body))
          return invalidFormBody('_', 'ARRAY_TYPE_CONVERT', 'Not an array');
        const previous = new Map(map);
        map.clear();
        const result = req.body.map((raw) => upsert(previous, raw, params.guildId));
        for (const command of result) map.set(command.id, command);
        return { status: 200, body: result };
      });
      this.on('POST', `${prefix}/commands`, ({ params, body }) => {
        const map = commandsFor(params);
        if (!map) return discordError(DiscordErrors.missingAccess);
        return { status: 201, body: upsert(map, body, params.guildId) };
      });
      this.on('GET', `${prefix}/commands/:commandId`, ({ params }) => {
        const command = commandsFor(params)?.get(params.commandId ?? '');
        return command
          ? { status: 200, body: command }
          : discordError({ status: 404, code: 10063, message: 'Unknown application command' });
      });
      this.on('DELETE', `${prefix}/commands/:commandId`, ({ params }) => {
        const map = commandsFor(params);
        if (!map?.delete(params.commandId ?? '')) {
          return discordError({ status: 404, code: 10063, message: 'Unknown application command' });
        }
        return { status: 204 };
      });
    }
  }

  private newBotMessage(interaction: InteractionRecord): StoredMessage {
    return buildMessage({
      channelId: interaction.channelId,
      ...(interaction.guildId === undefined ? {} : { guildId: interaction.guildId }),
      author: this.world.botUser,
      applicationId: interaction.applicationId,
      webhookId: interaction.applicationId,
    });
  }

  private interactionCallback({ params, body, req }: RouteContext): Reply {
    const interaction = this.world.interactionsById.get(params.id ?? '');
    if (!interaction || interaction.token !== params.token) {
      return discordError(DiscordErrors.unknownInteraction);
    }
    const window = this.options.interactionAckWindowMs;
    if (window !== undefined && Date.now() - interaction.createdAt > window) {
      return discordError(DiscordErrors.unknownInteraction);
    }
    if (interaction.ackType !== undefined) return discordError(DiscordErrors.alreadyAcknowledged);
    const type = body.type;
    const data = isRecord(body.data) ? body.data : {};
    let message: StoredMessage | undefined;
    let loading = false;
    switch (type) {
      case CallbackType.ChannelMessageWithSource: {
        const invalid = validateMessageBody(data, 'data.');
        if (invalid) return invalid;
        message = this.newBotMessage(interaction);
        applyMessageEdit(message, data, this.origin, req.multipart?.files);
        this.world.messages.set(message.id, message);
        interaction.originalMessageId = message.id;
        break;
      }
      case CallbackType.DeferredChannelMessageWithSource: {
        message = this.newBotMessage(interaction);
        message.flags = ((typeof data.flags === 'number' ? data.flags : 0) |
          LOADING_FLAG) as number;
        this.world.messages.set(message.id, message);
        interaction.originalMessageId = message.id;
        loading = true;
        break;
      }
      case CallbackType.DeferredMessageUpdate:
      case CallbackType.UpdateMessage: {
        if (!interaction.message) {
          return invalidFormBody(
            'type',
            'INTERACTION_RESPONSE_TYPE_INVALID',
            'Invalid response type',
          );
        }
        message = this.world.messages.get(interaction.message.id) ?? interaction.message;
        if (type === CallbackType.UpdateMessage) {
          const invalid = validateMessageBody(data, 'data.', true);
          if (invalid) return invalid;
          applyMessageEdit(message, data, this.origin, req.multipart?.files);
          message.edited_timestamp = new Date().toISOString();
        }
        this.world.messages.set(message.id, message);
        interaction.originalMessageId = message.id;
        break;
      }
      case CallbackType.ApplicationCommandAutocompleteResult: {
        const choices = data.choices;
        if (!Array.isArray(choices)) {
          return invalidFormBody('data.choices', 'BASE_TYPE_REQUIRED', 'This field is required');
        }
        if (choices.length > 25) {
          return invalidFormBody(
            'data.choices',
            'BASE_TYPE_MAX_LENGTH',
            'Must be 25 or fewer in length.',
          );
        }
        break;
      }
      case CallbackType.Modal:
        break;
      default:
        return invalidFormBody(
          'type',
          'INTERACTION_RESPONSE_TYPE_INVALID',
          'Invalid response type',
        );
    }
    interaction.ackType = type;
    if (req.query.with_response !== 'true') return { status: 204 };
    const interactionInfo: Record<string, unknown> = { id: interaction.id, type: interaction.type };
    if (message) {
      interactionInfo.response_message_id = message.id;
      interactionInfo.response_message_loading = loading;
      interactionInfo.response_message_ephemeral = ((message.flags ?? 0) & EPHEMERAL_FLAG) !== 0;
    }
    const resource: Record<string, unknown> = { type };
    if (message) resource.message = message;
    return { status: 200, body: { interaction: interactionInfo, resource } };
  }
}

const EPHEMERAL_FLAG = 1 << 6;
const LOADING_FLAG = 1 << 7;

/** InteractionResponseType values the callback route understands. */
const CallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
  DeferredMessageUpdate: 6,
  UpdateMessage: 7,
  ApplicationCommandAutocompleteResult: 8,
  Modal: 9,
} as const;

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Discord's limits on message payloads, the ones a bot is likely to trip over. */
function validateMessageBody(
  body: Record<string, unknown>,
  prefix: string,
  isEdit = false,
): Reply | undefined {
  const content = body.content;
  if (typeof content === 'string' && content.length > 2000) {
    return invalidFormBody(
      `${prefix}content`,
      'BASE_TYPE_MAX_LENGTH',
      'Must be 2000 or fewer in length.',
    );
  }
  const embeds = body.embeds;
  if (Array.isArray(embeds)) {
    if (embeds.length > 10) {
      return invalidFormBody(
        `${prefix}embeds`,
        'BASE_TYPE_MAX_LENGTH',
        'Must be 10 or fewer in length.',
      );
    }
    for (const [i, embed] of embeds.entries()) {
      const description = isRecord(embed) ? embed.description : undefined;
      if (typeof description === 'string' && description.length > 4096) {
        return invalidFormBody(
          `${prefix}embeds.${i}.description`,
          'BASE_TYPE_MAX_LENGTH',
          'Must be 4096 or fewer in length.',
        );
      }
    }
  }
  if (!isEdit) {
    const hasContent = typeof content === 'string' && content.length > 0;
    const hasEmbeds = Array.isArray(embeds) && embeds.length > 0;
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    const hasAttachments = Array.isArray(body.attachments) && body.attachments.length > 0;
    const hasPoll = body.poll !== undefined && body.poll !== null;
    const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
    if (
      !hasContent &&
      !hasEmbeds &&
      !hasComponents &&
      !hasAttachments &&
      !hasPoll &&
      !hasStickers
    ) {
      return discordError(DiscordErrors.cannotSendEmptyMessage);
    }
  }
  return undefined;
}

/** Copy the message fields a create/edit payload may carry onto a stored message. */
function applyMessageEdit(
  message: APIMessage,
  body: Record<string, unknown>,
  origin: string,
  files: MultipartFile[] = [],
): void {
  if (typeof body.content === 'string') message.content = body.content;
  if (Array.isArray(body.embeds)) message.embeds = body.embeds as APIMessage['embeds'];
  if (Array.isArray(body.components))
    message.components = body.components as APIMessage['components'];
  if (typeof body.flags === 'number') {
    // Only the ephemeral / suppress-embeds / components-v2 bits are settable by bots.
    message.flags = (((message.flags ?? 0) & ~(EPHEMERAL_FLAG | 4)) | body.flags) as number;
  }
  if (Array.isArray(body.attachments)) {
    message.attachments = body.attachments.filter(isRecord).map((a, i) => ({
      id: String(a.id ?? i),
      filename: typeof a.filename === 'string' ? a.filename : `file${i}`,
      size: files.find((f) => f.field === `files[${String(a.id ?? i)}]`)?.data.length ?? 0,
      url: `${origin}/cdn/attachments/${message.channel_id}/${message.id}/${String(a.filename ?? i)}`,
      proxy_url: `${origin}/media/attachments/${message.channel_id}/${message.id}/${String(a.filename ?? i)}`,
    }));
  }
}
