/**
 * The fake Discord's world: application, bot user, guilds, channels, messages, interactions
 * and application commands. Shared by the REST server and the gateway.
 */
import type {
  APIApplicationCommand,
  APIDMChannel,
  APIGuildForumChannel,
  APIMessage,
  APITextChannel,
  APIThreadChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
} from 'discord.js';
import {
  buildBotUser,
  buildDmChannel,
  buildEveryoneRole,
  buildForumChannel,
  buildGuildCreate,
  buildGuildMember,
  buildTextChannel,
  buildThreadChannel,
  buildUser,
} from './payloads.ts';
import { snowflake } from './snowflake.ts';

export type StoredMessage = APIMessage & { guild_id?: string };

/** Every kind of channel the fake keeps: text channels, forums, threads, direct messages. */
export type FakeChannel = APITextChannel | APIGuildForumChannel | APIThreadChannel | APIDMChannel;

/** The server a channel is in; undefined for a direct message. */
export function guildOf(channel: FakeChannel | undefined): string | undefined {
  return channel && 'guild_id' in channel ? channel.guild_id : undefined;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  applicationId: string;
  channelId: string;
  guildId: string | undefined;
  createdAt: number;
  /** The message a component interaction was on. */
  message: StoredMessage | undefined;
  /** The callback type the interaction was acknowledged with, once it has been. */
  ackType: number | undefined;
  /** Id of the message "@original" refers to, once there is one. */
  originalMessageId: string | undefined;
}

export interface FakeGuildSpec {
  id?: string;
  name?: string;
  /** Text channels to create; defaults to one channel named "general". */
  channels?: { id?: string; name?: string }[];
  /** Forum channels to create after them. */
  forums?: { id?: string; name?: string }[];
}

export interface FakeWorldOptions {
  applicationId?: string;
  botUsername?: string;
  /** Token the REST server accepts in `Authorization: Bot <token>` and the gateway in IDENTIFY. */
  token?: string;
  /** Guilds the bot is in; defaults to one guild with one text channel. */
  guilds?: FakeGuildSpec[];
  /**
   * The privileged Message Content intent is turned on for the application (Developer Portal):
   * without it IDENTIFY asking for it is closed with 4014, and REST returns other people's
   * messages without their text. Default false, as for a new application.
   */
  messageContentIntent?: boolean;
}

/** An interaction payload as dispatched; enough to register it with the fake. */
export interface DispatchableInteraction {
  id: string;
  token: string;
  type: number;
  application_id: string;
  channel_id?: string;
  channel?: { id: string };
  guild_id?: string;
  message?: APIMessage;
}

export class FakeWorld {
  readonly applicationId: string;
  readonly token: string;
  readonly botUser: APIUser;
  /** A human member of every guild, used as the default interaction invoker. */
  readonly user: APIUser;
  readonly guilds = new Map<string, GatewayGuildCreateDispatchData>();
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactionsById = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly globalCommands = new Map<string, APIApplicationCommand>();
  readonly guildCommands = new Map<string, Map<string, APIApplicationCommand>>();
  /** `${channelId}:${nonce}` → message id, for `enforce_nonce`. */
  readonly nonces = new Map<string, string>();
  /** See FakeWorldOptions.messageContentIntent. */
  messageContentIntent: boolean;

  constructor(options: FakeWorldOptions = {}) {
    this.applicationId = options.applicationId ?? snowflake();
    this.token =
      options.token ?? `${Buffer.from(this.applicationId).toString('base64')}.fake.token`;
    this.botUser = buildBotUser(this.applicationId, options.botUsername);
    this.user = buildUser({ username: 'alice', global_name: 'Alice' });
    this.messageContentIntent = options.messageContentIntent ?? false;
    const specs = options.guilds ?? [{}];
    for (const spec of specs) this.addGuild(spec);
  }

  addGuild(spec: FakeGuildSpec = {}): GatewayGuildCreateDispatchData {
    const id = spec.id ?? snowflake();
    const channelSpecs = spec.channels ?? [{ name: 'general' }];
    const channels = channelSpecs.map((c, position) => {
      const overrides: Partial<APITextChannel> = {
        position,
        name: c.name ?? `channel-${position}`,
      };
      if (c.id !== undefined) overrides.id = c.id;
      return buildTextChannel(id, overrides);
    });
    const forums = (spec.forums ?? []).map((f, i) =>
      buildForumChannel(id, {
        position: channels.length + i,
        name: f.name ?? `forum-${i}`,
        ...(f.id === undefined ? {} : { id: f.id }),
      }),
    );
    const guild = buildGuildCreate({
      id,
      name: spec.name ?? 'Fake Guild',
      ownerId: this.user.id,
      channels,
      forums,
      roles: [buildEveryoneRole(id)],
      members: [buildGuildMember(this.botUser), buildGuildMember(this.user)],
    });
    this.guilds.set(id, guild);
    for (const channel of [...channels, ...forums]) this.channels.set(channel.id, channel);
    return guild;
  }

  /** A public thread in `parentId` (a text channel, or a forum: a post), kept as a channel. */
  addThread(
    parentId: string,
    options: { id?: string; name?: string; ownerId?: string } = {},
  ): APIThreadChannel {
    const parent = this.channels.get(parentId);
    const guildId = guildOf(parent);
    if (guildId === undefined) throw new Error(`fake-discord: no guild channel ${parentId}`);
    const thread = buildThreadChannel(guildId, parentId, {
      ...(options.id === undefined ? {} : { id: options.id }),
      name: options.name ?? 'thread',
      owner_id: options.ownerId ?? this.user.id,
    });
    this.channels.set(thread.id, thread);
    return thread;
  }

  /** The direct-message channel between the bot and `user`, made on first use. */
  dmChannel(user: APIUser): APIDMChannel {
    for (const c of this.channels.values())
      if (c.type === 1 && c.recipients?.some((r) => r.id === user.id)) return c;
    const channel = buildDmChannel(user);
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The first guild (there is always at least one unless configured with `guilds: []`). */
  get defaultGuild(): GatewayGuildCreateDispatchData {
    const first = this.guilds.values().next();
    if (first.done) throw new Error('fake-discord: no guild configured');
    return first.value;
  }

  get defaultChannel(): APITextChannel {
    const channel = this.defaultGuild.channels[0];
    if (channel === undefined || channel.type !== 0) {
      throw new Error('fake-discord: default guild has no text channel');
    }
    const stored = this.channels.get(channel.id);
    return stored?.type === 0 ? stored : (channel as APITextChannel);
  }

  /** Remember an interaction dispatched to the client so its callbacks/webhooks resolve. */
  registerInteraction(payload: DispatchableInteraction): InteractionRecord {
    const message = payload.message as StoredMessage | undefined;
    if (message !== undefined && !this.messages.has(message.id)) {
      this.messages.set(message.id, message);
    }
    const record: InteractionRecord = {
      id: payload.id,
      token: payload.token,
      type: payload.type,
      applicationId: payload.application_id,
      channelId: payload.channel_id ?? payload.channel?.id ?? '',
      guildId: payload.guild_id,
      createdAt: Date.now(),
      message,
      ackType: undefined,
      originalMessageId: undefined,
    };
    this.interactionsById.set(record.id, record);
    this.interactionsByToken.set(record.token, record);
    return record;
  }

  /** All messages stored in a channel, oldest first. */
  messagesIn(channelId: string): StoredMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId);
  }
}
