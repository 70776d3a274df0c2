/**
 * The fake Discord's world: application, bot user, guilds, channels, messages, interactions
 * and application commands. Shared by the REST server and the gateway.
 */
import type {
  APIApplicationCommand,
  APIMessage,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
} from 'discord.js';
import {
  buildBotUser,
  buildEveryoneRole,
  buildGuildCreate,
  buildGuildMember,
  buildTextChannel,
  buildUser,
} from './payloads.ts';
import { snowflake } from './snowflake.ts';

export type StoredMessage = APIMessage & { guild_id?: string };

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
}

export interface FakeWorldOptions {
  applicationId?: string;
  botUsername?: string;
  /** Token the REST server accepts in `Authorization: Bot <token>` and the gateway in IDENTIFY. */
  token?: string;
  /** Guilds the bot is in; defaults to one guild with one text channel. */
  guilds?: FakeGuildSpec[];
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
  readonly channels = new Map<string, APITextChannel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly interactionsById = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly globalCommands = new Map<string, APIApplicationCommand>();
  readonly guildCommands = new Map<string, Map<string, APIApplicationCommand>>();
  /** `${channelId}:${nonce}` → message id, for `enforce_nonce`. */
  readonly nonces = new Map<string, string>();

  constructor(options: FakeWorldOptions = {}) {
    this.applicationId = options.applicationId ?? snowflake();
    this.token =
      options.token ?? `${Buffer.from(this.applicationId).toString('base64')}.fake.token`;
    this.botUser = buildBotUser(this.applicationId, options.botUsername);
    this.user = buildUser({ username: 'alice', global_name: 'Alice' });
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
    const guild = buildGuildCreate({
      id,
      name: spec.name ?? 'Fake Guild',
      ownerId: this.user.id,
      channels,
      roles: [buildEveryoneRole(id)],
      members: [buildGuildMember(this.botUser), buildGuildMember(this.user)],
    });
    this.guilds.set(id, guild);
    for (const channel of channels) this.channels.set(channel.id, channel);
    return guild;
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
    return this.channels.get(channel.id) ?? (channel as APITextChannel);
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
