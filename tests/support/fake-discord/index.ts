/**
 * A fake Discord on loopback that the real discord.js v14 Client connects to: REST on one
 * 127.0.0.1 port, the gateway on another. See `startFakeDiscord` and `connectClient`.
 */
import {
  type APIApplicationCommandInteractionDataOption,
  type APIMessageTopLevelComponent,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  Client,
  type ClientOptions,
  Events,
  GatewayIntentBits,
  MessageType,
  type RESTOptions,
} from 'discord.js';
import { FakeGateway, type GatewayOpRecord } from './gateway.ts';
import {
  type AutocompleteOptions,
  autocompleteInteraction,
  type ButtonOptions,
  buildMessage,
  buttonInteraction,
  type ChatInputOptions,
  chatInputInteraction,
  type InteractionContext,
  type MessageContextOptions,
  messageContextInteraction,
} from './payloads.ts';
import { FakeRest, type FaultHandle, type FaultSpec, type RecordedRequest } from './rest.ts';
import { snowflake } from './snowflake.ts';
import {
  type DispatchableInteraction,
  FakeWorld,
  type FakeWorldOptions,
  guildOf,
  type StoredMessage,
} from './state.ts';

export * from './gateway.ts';
export * from './http-interactions.ts';
export * from './payloads.ts';
export * from './rest.ts';
export { snowflake } from './snowflake.ts';
export * from './state.ts';

export interface StartFakeDiscordOptions extends FakeWorldOptions {
  /** HELLO heartbeat_interval (ms); default 1000. */
  heartbeatIntervalMs?: number;
  /** If set, interaction callbacks arriving later than this after dispatch get 10062. */
  interactionAckWindowMs?: number;
  /** The shard count GET /gateway/bot recommends; default 1. */
  recommendedShards?: number;
}

export interface FakeDiscord {
  /** `http://127.0.0.1:<port>/api` — discord.js `rest.api`. */
  readonly restUrl: string;
  /** `http://127.0.0.1:<port>` — the REST server's origin. */
  readonly restOrigin: string;
  /** `ws://127.0.0.1:<port2>`. */
  readonly gatewayUrl: string;
  readonly world: FakeWorld;
  readonly rest: FakeRest;
  readonly gateway: FakeGateway;
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: APIUser;
  /** The default human user that triggers interactions. */
  readonly user: APIUser;
  readonly guildId: string;
  readonly channelId: string;
  readonly channel: APITextChannel;

  // REST recording and faults
  requests(pred?: (req: RecordedRequest) => boolean): RecordedRequest[];
  clearRequests(): void;
  waitForRequest(
    pred: (req: RecordedRequest) => boolean,
    timeoutMs?: number,
  ): Promise<RecordedRequest>;
  injectFault(spec: FaultSpec): FaultHandle;
  clearFaults(): void;

  // Gateway
  dispatch(t: string, d: unknown): number;
  dropConnection(options?: { code?: number; terminate?: boolean }): Promise<void>;
  gatewayOps(op?: number): GatewayOpRecord[];
  clearGatewayOps(): void;
  waitForGatewayOp(
    match: number | ((op: GatewayOpRecord) => boolean),
    timeoutMs?: number,
  ): Promise<GatewayOpRecord>;
  setHeartbeatAck(enabled: boolean): void;

  // Interactions
  /** Context for the payload builders: default guild, channel and user, overridable. */
  context(overrides?: Partial<InteractionContext>): InteractionContext;
  /** Register an interaction (so its callback/webhook routes resolve) and dispatch INTERACTION_CREATE. */
  dispatchInteraction<T extends DispatchableInteraction>(payload: T): T;
  sendChatInput(
    opts: ChatInputOptions | string,
    options?: APIApplicationCommandInteractionDataOption[],
    ctx?: Partial<InteractionContext>,
  ): ReturnType<typeof chatInputInteraction>;
  sendAutocomplete(
    opts: AutocompleteOptions,
    ctx?: Partial<InteractionContext>,
  ): ReturnType<typeof autocompleteInteraction>;
  sendButton(
    opts: ButtonOptions,
    ctx?: Partial<InteractionContext>,
  ): ReturnType<typeof buttonInteraction>;
  sendMessageContext(
    opts: MessageContextOptions,
    ctx?: Partial<InteractionContext>,
  ): ReturnType<typeof messageContextInteraction>;
  /** Store a message in a channel (default channel; author defaults to the bot). */
  seedMessage(opts: {
    content?: string;
    author?: APIUser;
    channelId?: string;
    components?: APIMessageTopLevelComponent[];
    flags?: number;
  }): StoredMessage;

  // Chat messages (people writing; each stored, then dispatched as Discord would)
  /**
   * A person's message (default: the default user in the default channel): stored, then
   * MESSAGE_CREATE. `mentionBot` starts it with the bot's mention; `replyTo` makes it a reply.
   */
  postMessage(opts: PostMessageOptions): StoredMessage;
  /** A direct message to the bot (the default user unless `author`). */
  sendDirectMessage(opts: { content: string; author?: APIUser; id?: string }): StoredMessage;
  /**
   * A new post in a forum: the thread (named `title`) and its first message (the thread's id),
   * THREAD_CREATE then the starter's MESSAGE_CREATE, as Discord sends them.
   */
  createForumPost(opts: { forumId: string; title: string; content: string; author?: APIUser }): {
    thread: APIThreadChannel;
    starter: StoredMessage;
  };
  /** Edits a stored message's text and dispatches MESSAGE_UPDATE. */
  editMessage(id: string, content: string): StoredMessage;
  /** Deletes a stored message and dispatches MESSAGE_DELETE. */
  deleteMessage(id: string): void;

  /** Clear recorded requests, gateway ops and faults; re-enable heartbeat acks. */
  reset(): void;
  close(): Promise<void>;
}

export interface PostMessageOptions {
  content: string;
  author?: APIUser;
  channelId?: string;
  /** Starts the text with the bot's mention (and lists the bot in `mentions`). */
  mentionBot?: boolean;
  /** A reply to this message (type 19 with its reference). */
  replyTo?: StoredMessage;
  /** Sent by a webhook (webhook_id set). */
  webhook?: boolean;
  id?: string;
}

export async function startFakeDiscord(
  options: StartFakeDiscordOptions = {},
): Promise<FakeDiscord> {
  const world = new FakeWorld(options);
  const gateway = new FakeGateway({
    world,
    ...(options.heartbeatIntervalMs === undefined
      ? {}
      : { heartbeatIntervalMs: options.heartbeatIntervalMs }),
  });
  const rest = new FakeRest({
    world,
    gatewayUrl: () => gateway.url,
    dispatch: (t, d) => gateway.dispatch(t, d),
    ...(options.interactionAckWindowMs === undefined
      ? {}
      : { interactionAckWindowMs: options.interactionAckWindowMs }),
    ...(options.recommendedShards === undefined
      ? {}
      : { recommendedShards: options.recommendedShards }),
  });
  await Promise.all([gateway.listen(), rest.listen()]);

  const guild = world.defaultGuild;
  const channel = world.defaultChannel;

  const context = (overrides: Partial<InteractionContext> = {}): InteractionContext => ({
    applicationId: world.applicationId,
    guildId: guild.id,
    channel,
    user: world.user,
    ...overrides,
  });

  const dispatchInteraction = <T extends DispatchableInteraction>(payload: T): T => {
    world.registerInteraction(payload);
    gateway.dispatch('INTERACTION_CREATE', payload);
    return payload;
  };

  let closed = false;
  const fake: FakeDiscord = {
    restUrl: rest.url,
    restOrigin: rest.origin,
    gatewayUrl: gateway.url,
    world,
    rest,
    gateway,
    token: world.token,
    applicationId: world.applicationId,
    botUser: world.botUser,
    user: world.user,
    guildId: guild.id,
    channelId: channel.id,
    channel,

    requests: (pred) => rest.requests(pred),
    clearRequests: () => rest.clearRequests(),
    waitForRequest: (pred, timeoutMs) => rest.waitForRequest(pred, timeoutMs),
    injectFault: (spec) => rest.injectFault(spec),
    clearFaults: () => rest.clearFaults(),

    dispatch: (t, d) => {
      if (t === 'INTERACTION_CREATE' && isDispatchableInteraction(d)) world.registerInteraction(d);
      return gateway.dispatch(t, d);
    },
    dropConnection: (opts) => gateway.dropConnection(opts),
    gatewayOps: (op) => gateway.ops(op),
    clearGatewayOps: () => gateway.clearOps(),
    waitForGatewayOp: (match, timeoutMs) => gateway.waitForOp(match, timeoutMs),
    setHeartbeatAck: (enabled) => gateway.setHeartbeatAck(enabled),

    context,
    dispatchInteraction,
    sendChatInput: (opts, opts2, ctx) => {
      const spec: ChatInputOptions =
        typeof opts === 'string' ? { name: opts, ...(opts2 ? { options: opts2 } : {}) } : opts;
      return dispatchInteraction(chatInputInteraction(context(ctx), spec));
    },
    sendAutocomplete: (opts, ctx) =>
      dispatchInteraction(autocompleteInteraction(context(ctx), opts)),
    sendButton: (opts, ctx) => dispatchInteraction(buttonInteraction(context(ctx), opts)),
    sendMessageContext: (opts, ctx) =>
      dispatchInteraction(messageContextInteraction(context(ctx), opts)),
    seedMessage: (opts) => {
      const channelId = opts.channelId ?? channel.id;
      const guildId = guildOf(world.channels.get(channelId));
      const message = buildMessage({
        channelId,
        ...(guildId === undefined ? {} : { guildId }),
        author: opts.author ?? world.botUser,
        ...(opts.content === undefined ? {} : { content: opts.content }),
        ...(opts.components === undefined ? {} : { components: opts.components }),
        ...(opts.flags === undefined ? {} : { flags: opts.flags }),
      });
      world.messages.set(message.id, message);
      return message;
    },

    postMessage: (opts) => {
      const channelId = opts.channelId ?? channel.id;
      const guildId = guildOf(world.channels.get(channelId));
      const author = opts.author ?? world.user;
      const bot = world.botUser;
      const message = buildMessage({
        ...(opts.id === undefined ? {} : { id: opts.id }),
        channelId,
        ...(guildId === undefined ? {} : { guildId }),
        author,
        content: opts.mentionBot ? `<@${bot.id}> ${opts.content}` : opts.content,
        ...(opts.webhook ? { webhookId: snowflake() } : {}),
      });
      if (opts.mentionBot) message.mentions = [bot];
      if (opts.replyTo) {
        message.type = MessageType.Reply;
        message.message_reference = { message_id: opts.replyTo.id, channel_id: channelId };
        message.referenced_message = opts.replyTo;
      }
      world.messages.set(message.id, message);
      gateway.dispatch('MESSAGE_CREATE', message);
      return message;
    },
    sendDirectMessage: (opts) => {
      const author = opts.author ?? world.user;
      const dm = world.dmChannel(author);
      const message = buildMessage({
        ...(opts.id === undefined ? {} : { id: opts.id }),
        channelId: dm.id,
        author,
        content: opts.content,
      });
      world.messages.set(message.id, message);
      gateway.dispatch('MESSAGE_CREATE', message);
      return message;
    },
    createForumPost: (opts) => {
      const author = opts.author ?? world.user;
      const thread = world.addThread(opts.forumId, { name: opts.title, ownerId: author.id });
      const guildId = guildOf(thread);
      const starter = buildMessage({
        id: thread.id,
        channelId: thread.id,
        ...(guildId === undefined ? {} : { guildId }),
        author,
        content: opts.content,
      });
      world.messages.set(starter.id, starter);
      gateway.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
      gateway.dispatch('MESSAGE_CREATE', starter);
      return { thread, starter };
    },
    editMessage: (id, content) => {
      const message = world.messages.get(id);
      if (!message) throw new Error(`fake-discord: no message ${id}`);
      message.content = content;
      message.edited_timestamp = new Date().toISOString();
      gateway.dispatch('MESSAGE_UPDATE', message);
      return message;
    },
    deleteMessage: (id) => {
      const message = world.messages.get(id);
      if (!message) throw new Error(`fake-discord: no message ${id}`);
      world.messages.delete(id);
      gateway.dispatch('MESSAGE_DELETE', {
        id,
        channel_id: message.channel_id,
        ...(message.guild_id === undefined ? {} : { guild_id: message.guild_id }),
      });
    },

    reset: () => {
      rest.clearRequests();
      rest.clearFaults();
      gateway.clearOps();
      gateway.setHeartbeatAck(true);
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await Promise.all([gateway.close(), rest.close()]);
    },
  };
  return fake;
}

function isDispatchableInteraction(d: unknown): d is DispatchableInteraction {
  if (typeof d !== 'object' || d === null) return false;
  const r = d as Record<string, unknown>;
  return (
    typeof r.id === 'string' &&
    typeof r.token === 'string' &&
    typeof r.type === 'number' &&
    typeof r.application_id === 'string'
  );
}

export interface ConnectClientOptions {
  /** Default `[GatewayIntentBits.Guilds]`. */
  intents?: ClientOptions['intents'];
  /** Extra client options (merged over the defaults; `rest` is merged separately). */
  clientOptions?: Partial<Omit<ClientOptions, 'rest' | 'intents'>>;
  /** Extra REST options (api/cdn/mediaProxy point at the fake unless overridden). */
  rest?: Partial<RESTOptions>;
  /** How long to wait for `clientReady`; default 5000 ms. */
  timeoutMs?: number;
}

/**
 * Create a real discord.js Client pointed at the fake (REST, CDN and media proxy all on
 * 127.0.0.1), log in with the fake's token and resolve once `clientReady` fires.
 * Call `client.destroy()` when done.
 */
export async function connectClient(
  fake: FakeDiscord,
  options: ConnectClientOptions = {},
): Promise<Client<true>> {
  const client = new Client({
    intents: options.intents ?? [GatewayIntentBits.Guilds],
    allowedMentions: { parse: [] },
    ...options.clientOptions,
    rest: {
      api: fake.restUrl,
      cdn: `${fake.restOrigin}/cdn`,
      mediaProxy: `${fake.restOrigin}/media`,
      ...options.rest,
    },
  });
  const timeoutMs = options.timeoutMs ?? 5000;
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<Client<true>>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`fake-discord: client not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    client.once(Events.ClientReady, (c) => resolve(c));
  });
  try {
    await Promise.all([client.login(fake.token), ready]);
    return await ready;
  } catch (error) {
    await client.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
