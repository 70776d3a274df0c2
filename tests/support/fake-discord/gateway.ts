/**
 * The fake Discord gateway: a `ws` server on 127.0.0.1 speaking gateway v10 with JSON encoding
 * (plain text frames, or zlib-stream when the client asks for `compress=zlib-stream`).
 */
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDeflate, type Deflate, constants as zlibConstants } from 'node:zlib';
import { type WebSocket, WebSocketServer } from 'ws';
import { patience } from '../patience.ts';
import { snowflake } from './snowflake.ts';
import type { FakeWorld } from './state.ts';

/** Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes). */
export const GatewayOp = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
} as const;

/** A payload the client sent to the gateway. */
export interface GatewayOpRecord {
  op: number;
  d: unknown;
  /** Which connection (1-based, in order of connection) sent it. */
  connectionId: number;
  time: number;
}

export interface GatewayConnectionInfo {
  id: number;
  /** The query string the client connected with, e.g. `{ v: '10', encoding: 'json' }`. */
  query: Record<string, string>;
  sessionId: string | undefined;
  open: boolean;
}

export interface FakeGatewayOptions {
  world: FakeWorld;
  /** HELLO heartbeat_interval in ms; default 1000 (short so zombie detection is testable). */
  heartbeatIntervalMs?: number;
}

interface Session {
  id: string;
  seq: number;
  /** Every dispatch sent in this session, for replay on RESUME (bounded). */
  log: { s: number; t: string; d: unknown }[];
  connection: Connection | undefined;
  /** [shard id, shard count] from IDENTIFY. */
  shard: [number, number];
  /** The intents bitfield from IDENTIFY. */
  intents: number;
}

/** Gateway intents the fake applies to message events (Discord's bit values). */
export const Intent = {
  Guilds: 1 << 0,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

const MESSAGE_EVENTS = new Set([
  'MESSAGE_CREATE',
  'MESSAGE_UPDATE',
  'MESSAGE_DELETE',
  'MESSAGE_DELETE_BULK',
]);

/**
 * A message event as a session with `intents` receives it, or undefined when it receives none:
 * guild messages need GuildMessages, direct messages DirectMessages, and without the privileged
 * MessageContent intent the text (content, embeds, attachments, components) arrives empty, except
 * in DMs, in messages that mention the bot and in the bot's own messages (Discord's rule).
 */
export function messageFor(intents: number, botId: string, t: string, d: unknown): unknown {
  if (!MESSAGE_EVENTS.has(t) || !isRecord(d)) return d;
  const dm = typeof d.guild_id !== 'string';
  if (!(intents & (dm ? Intent.DirectMessages : Intent.GuildMessages))) return undefined;
  if (intents & Intent.MessageContent || dm || !('content' in d)) return d;
  const author = isRecord(d.author) ? d.author : {};
  const mentions = Array.isArray(d.mentions) ? d.mentions : [];
  if (author.id === botId || mentions.some((m) => isRecord(m) && m.id === botId)) return d;
  return { ...d, content: '', embeds: [], attachments: [], components: [] };
}

/** Discord's rule: a guild belongs to shard (guild_id >> 22) % shard count. */
export function shardOf(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

function owns(session: Session, guildId: string): boolean {
  return shardOf(guildId, session.shard[1]) === session.shard[0];
}

interface Connection {
  id: number;
  socket: WebSocket;
  query: Record<string, string>;
  session: Session | undefined;
  deflate: Deflate | undefined;
  /** Serialises compressed sends so zlib-stream frames stay in order. */
  sendChain: Promise<void>;
}

type OpWaiter = { pred: (op: GatewayOpRecord) => boolean; resolve: (op: GatewayOpRecord) => void };

const MAX_LOG = 1000;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FakeGateway {
  readonly server: WebSocketServer;
  private readonly world: FakeWorld;
  private readonly heartbeatIntervalMs: number;
  private readonly connections = new Map<number, Connection>();
  private readonly sessions = new Map<string, Session>();
  private readonly received: GatewayOpRecord[] = [];
  private readonly waiters = new Set<OpWaiter>();
  private nextConnectionId = 1;
  private ackHeartbeats = true;
  private port = 0;
  private listening: Promise<void>;

  constructor(options: FakeGatewayOptions) {
    this.world = options.world;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? 1000;
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.listening = new Promise((resolve, reject) => {
      this.server.once('listening', () => {
        this.port = (this.server.address() as AddressInfo).port;
        resolve();
      });
      this.server.once('error', reject);
    });
    this.server.on('connection', (socket, request) => this.onConnection(socket, request));
  }

  listen(): Promise<void> {
    return this.listening;
  }

  /** `ws://127.0.0.1:<port>` — what GET /gateway/bot announces and READY's resume_gateway_url. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  // ---------------------------------------------------------------------------------------------
  // Inspection
  // ---------------------------------------------------------------------------------------------

  /** Every payload the client(s) sent, optionally filtered by opcode. */
  ops(op?: number): GatewayOpRecord[] {
    return op === undefined ? [...this.received] : this.received.filter((r) => r.op === op);
  }

  clearOps(): void {
    this.received.length = 0;
  }

  /**
   * Resolves with the first received payload matching (an opcode or a predicate), including
   * ones already received — `clearOps()` first to only see new ones — or rejects after
   * `patience(timeoutMs)`.
   */
  waitForOp(
    match: number | ((op: GatewayOpRecord) => boolean),
    timeoutMs = 2000,
  ): Promise<GatewayOpRecord> {
    const pred = typeof match === 'number' ? (r: GatewayOpRecord) => r.op === match : match;
    const existing = this.received.find(pred);
    if (existing) return Promise.resolve(existing);
    const allowed = patience(timeoutMs);
    return new Promise((resolve, reject) => {
      const waiter: OpWaiter = {
        pred,
        resolve: (op) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(op);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        const seen = this.received.map((r) => `op ${r.op} (conn ${r.connectionId})`).join(', ');
        reject(
          new Error(
            `fake-discord: no matching gateway op within ${allowed} ms; seen: ${seen || '(none)'}`,
          ),
        );
      }, allowed);
      this.waiters.add(waiter);
    });
  }

  connectionInfo(): GatewayConnectionInfo[] {
    return [...this.connections.values()].map((c) => ({
      id: c.id,
      query: c.query,
      sessionId: c.session?.id,
      open: c.socket.readyState === c.socket.OPEN,
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // Control
  // ---------------------------------------------------------------------------------------------

  /**
   * Send a dispatch event (op 0) to every live session, each with its next sequence number.
   * Sessions whose socket is currently down buffer it and replay it on RESUME.
   * Returns the number of sessions it was queued for.
   */
  dispatch(t: string, d: unknown): number {
    let count = 0;
    // Events of a guild go to the shard that owns it, as Discord sends them.
    const guildId = isRecord(d) && typeof d.guild_id === 'string' ? d.guild_id : undefined;
    for (const session of this.sessions.values()) {
      if (guildId !== undefined && !owns(session, guildId)) continue;
      const shaped = messageFor(session.intents, this.world.botUser.id, t, d);
      if (shaped === undefined) continue;
      this.dispatchTo(session, t, shaped);
      count++;
    }
    return count;
  }

  /** The [shard id, shard count] of every session identified so far and not closed. */
  sessionShards(): [number, number][] {
    return [...this.sessions.values()].map((s) => s.shard);
  }

  /** Stop (false) or resume (true) answering HEARTBEAT with HEARTBEAT_ACK — a zombie connection. */
  setHeartbeatAck(enabled: boolean): void {
    this.ackHeartbeats = enabled;
  }

  /** Ask every connected client to heartbeat now (op 1 from the server). */
  requestHeartbeat(): void {
    for (const c of this.connections.values()) this.send(c, { op: GatewayOp.Heartbeat, d: null });
  }

  /** Send op 7 RECONNECT: the client should close and RESUME. */
  sendReconnect(): void {
    for (const c of this.connections.values()) this.send(c, { op: GatewayOp.Reconnect, d: null });
  }

  /** Send op 9 INVALID_SESSION; with `resumable` false the session is forgotten (client re-IDENTIFYs). */
  invalidateSession(resumable = false): void {
    for (const c of this.connections.values()) {
      if (!resumable && c.session) this.sessions.delete(c.session.id);
      this.send(c, { op: GatewayOp.InvalidSession, d: resumable });
    }
  }

  /**
   * Drop every open connection abruptly. With a close `code` (default 4000, "unknown error",
   * which discord.js answers with RESUME) the server sends a close frame; with
   * `{ terminate: true }` the TCP socket is destroyed without one (the client sees 1006).
   * Sessions are kept so the client can resume. Resolves when the sockets are closed.
   */
  async dropConnection(options: { code?: number; terminate?: boolean } = {}): Promise<void> {
    const closing: Promise<void>[] = [];
    for (const c of this.connections.values()) {
      if (c.socket.readyState === c.socket.CLOSED) continue;
      closing.push(new Promise((resolve) => c.socket.once('close', () => resolve())));
      if (options.terminate) c.socket.terminate();
      else c.socket.close(options.code ?? 4000, 'fake-discord: dropped');
    }
    // A close handshake the client never completes still ends within ws's own 30 s timer;
    // force it sooner so tests stay bounded.
    const force = setTimeout(() => {
      for (const c of this.connections.values()) c.socket.terminate();
    }, 1000);
    await Promise.all(closing);
    clearTimeout(force);
  }

  async close(): Promise<void> {
    this.waiters.clear();
    for (const c of this.connections.values()) {
      c.socket.terminate();
      c.deflate?.close();
    }
    this.connections.clear();
    this.sessions.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------------------------------------
  // Protocol
  // ---------------------------------------------------------------------------------------------

  private onConnection(socket: WebSocket, request: IncomingMessage): void {
    const url = new URL(request.url ?? '/', 'ws://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const connection: Connection = {
      id: this.nextConnectionId++,
      socket,
      query,
      session: undefined,
      deflate: query.compress === 'zlib-stream' ? createDeflate() : undefined,
      sendChain: Promise.resolve(),
    };
    this.connections.set(connection.id, connection);

    if (query.v !== undefined && query.v !== '10') {
      socket.close(4012, 'Invalid API version');
      return;
    }
    if (query.encoding !== undefined && query.encoding !== 'json') {
      socket.close(4002, 'Error while decoding payload.');
      return;
    }

    socket.on('message', (raw, isBinary) => {
      const text = isBinary ? '' : raw.toString();
      let payload: unknown;
      try {
        payload = JSON.parse(text);
      } catch {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      if (!isRecord(payload) || typeof payload.op !== 'number') {
        socket.close(4002, 'Error while decoding payload.');
        return;
      }
      this.onPayload(connection, payload.op, payload.d);
    });
    socket.on('close', (code) => {
      this.connections.delete(connection.id);
      connection.deflate?.close();
      const session = connection.session;
      if (session && session.connection === connection) {
        session.connection = undefined;
        // A normal close by the client ends the session (as on Discord); anything else may resume.
        if (code === 1000 || code === 1001) this.sessions.delete(session.id);
      }
    });
    socket.on('error', () => {
      // Abrupt client disconnects surface here; the close handler does the bookkeeping.
    });

    this.send(connection, {
      op: GatewayOp.Hello,
      d: { heartbeat_interval: this.heartbeatIntervalMs },
    });
  }

  private onPayload(connection: Connection, op: number, d: unknown): void {
    const record: GatewayOpRecord = { op, d, connectionId: connection.id, time: Date.now() };
    this.received.push(record);
    for (const waiter of [...this.waiters]) if (waiter.pred(record)) waiter.resolve(record);

    switch (op) {
      case GatewayOp.Heartbeat:
        if (this.ackHeartbeats) this.send(connection, { op: GatewayOp.HeartbeatAck });
        return;
      case GatewayOp.Identify:
        this.onIdentify(connection, d);
        return;
      case GatewayOp.Resume:
        this.onResume(connection, d);
        return;
      case GatewayOp.PresenceUpdate:
      case GatewayOp.VoiceStateUpdate:
      case GatewayOp.RequestGuildMembers:
        if (!connection.session) connection.socket.close(4003, 'Not authenticated.');
        return;
      default:
        connection.socket.close(4001, 'Unknown opcode.');
    }
  }

  private onIdentify(connection: Connection, d: unknown): void {
    if (connection.session) {
      connection.socket.close(4005, 'Already authenticated.');
      return;
    }
    if (!isRecord(d) || d.token !== this.world.token) {
      connection.socket.close(4004, 'Authentication failed.');
      return;
    }
    const shard: [number, number] =
      Array.isArray(d.shard) && typeof d.shard[0] === 'number' && typeof d.shard[1] === 'number'
        ? [d.shard[0], d.shard[1]]
        : [0, 1];
    const intents = typeof d.intents === 'number' ? d.intents : 0;
    // A privileged intent the application was not granted (Developer Portal toggle).
    if (intents & Intent.MessageContent && !this.world.messageContentIntent) {
      connection.socket.close(4014, 'Disallowed intent(s).');
      return;
    }
    const session: Session = {
      id: snowflake().slice(-12),
      seq: 0,
      log: [],
      connection,
      shard,
      intents,
    };
    this.sessions.set(session.id, session);
    connection.session = session;
    const world = this.world;
    this.dispatchTo(session, 'READY', {
      v: 10,
      user: world.botUser,
      guilds: [...world.guilds.keys()]
        .filter((id) => shardOf(id, shard[1]) === shard[0])
        .map((id) => ({ id, unavailable: true })),
      session_id: session.id,
      resume_gateway_url: this.url,
      shard,
      application: { id: world.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      user_settings: {},
      auth: {},
      _trace: ['["fake-discord",{"micros":0}]'],
    });
    for (const guild of world.guilds.values())
      if (owns(session, guild.id)) this.dispatchTo(session, 'GUILD_CREATE', guild);
  }

  private onResume(connection: Connection, d: unknown): void {
    if (connection.session) {
      connection.socket.close(4005, 'Already authenticated.');
      return;
    }
    const sessionId = isRecord(d) && typeof d.session_id === 'string' ? d.session_id : '';
    const seq = isRecord(d) && typeof d.seq === 'number' ? d.seq : 0;
    const session = this.sessions.get(sessionId);
    if (!isRecord(d) || d.token !== this.world.token || !session) {
      this.send(connection, { op: GatewayOp.InvalidSession, d: false });
      return;
    }
    if (session.connection && session.connection !== connection) {
      session.connection.socket.terminate();
    }
    session.connection = connection;
    connection.session = session;
    for (const event of session.log) {
      if (event.s > seq)
        this.send(connection, { op: GatewayOp.Dispatch, t: event.t, s: event.s, d: event.d });
    }
    this.dispatchTo(session, 'RESUMED', { _trace: ['["fake-discord",{"micros":0}]'] });
  }

  private dispatchTo(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.log.push({ s, t, d });
    if (session.log.length > MAX_LOG) session.log.shift();
    if (session.connection) this.send(session.connection, { op: GatewayOp.Dispatch, t, s, d });
  }

  private send(
    connection: Connection,
    payload: { op: number; d?: unknown; t?: string; s?: number },
  ): void {
    const { socket } = connection;
    const text = JSON.stringify({ t: null, s: null, d: null, ...payload });
    const deflate = connection.deflate;
    if (!deflate) {
      if (socket.readyState === socket.OPEN) socket.send(text);
      return;
    }
    connection.sendChain = connection.sendChain.then(
      () =>
        new Promise<void>((resolve) => {
          const chunks: Buffer[] = [];
          const onData = (chunk: Buffer) => chunks.push(chunk);
          deflate.on('data', onData);
          deflate.write(text);
          deflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
            deflate.off('data', onData);
            if (socket.readyState === socket.OPEN) socket.send(Buffer.concat(chunks));
            resolve();
          });
        }),
    );
  }
}
