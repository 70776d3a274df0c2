/**
 * Builders for Discord API objects and INTERACTION_CREATE payloads, typed against the
 * discord-api-types shapes that discord.js re-exports, so the real discord.js Client can
 * build its structures from them without throwing.
 */
import {
  type APIApplicationCommandAutocompleteGuildInteraction,
  type APIApplicationCommandInteractionDataBooleanOption,
  type APIApplicationCommandInteractionDataIntegerOption,
  type APIApplicationCommandInteractionDataOption,
  type APIApplicationCommandInteractionDataStringOption,
  type APIApplicationCommandInteractionDataSubcommandGroupOption,
  type APIApplicationCommandInteractionDataSubcommandOption,
  type APIChatInputApplicationCommandGuildInteraction,
  type APIDMChannel,
  type APIGuildForumChannel,
  type APIGuildMember,
  type APIInteractionDataResolved,
  type APIInteractionGuildMember,
  type APIMessage,
  type APIMessageApplicationCommandGuildInteraction,
  type APIMessageComponentButtonInteraction,
  type APIMessageTopLevelComponent,
  type APIRole,
  type APITextChannel,
  type APIThreadChannel,
  type APIUser,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  type ChannelFlags,
  ChannelType,
  ComponentType,
  ForumLayoutType,
  type GatewayGuildCreateDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  type GuildMemberFlags,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  type GuildSystemChannelFlags,
  GuildVerificationLevel,
  InteractionContextType,
  InteractionType,
  Locale,
  MessageFlags,
  MessageType,
  PermissionFlagsBits,
  type RoleFlags,
} from 'discord.js';
import { fakeToken, snowflake } from './snowflake.ts';

/** Permissions a typical member (and the bot) has in the fake guild, as Discord's decimal string. */
export const DEFAULT_PERMISSIONS = (
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.UseExternalEmojis
).toString();

const ISO_EPOCH = '2024-01-01T00:00:00.000+00:00';

export function buildUser(overrides: Partial<APIUser> = {}): APIUser {
  const id = overrides.id ?? snowflake();
  return {
    id,
    username: `user${id.slice(-4)}`,
    discriminator: '0',
    global_name: null,
    avatar: null,
    ...overrides,
  };
}

export function buildBotUser(id: string, username = 'Dossier'): APIUser {
  return buildUser({ id, username, bot: true, global_name: null });
}

export function buildTextChannel(
  guildId: string,
  overrides: Partial<APITextChannel> = {},
): APITextChannel {
  return {
    id: overrides.id ?? snowflake(),
    type: ChannelType.GuildText,
    guild_id: guildId,
    name: 'general',
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    parent_id: null,
    rate_limit_per_user: 0,
    ...overrides,
  };
}

export function buildForumChannel(
  guildId: string,
  overrides: Partial<APIGuildForumChannel> = {},
): APIGuildForumChannel {
  return {
    id: overrides.id ?? snowflake(),
    type: ChannelType.GuildForum,
    guild_id: guildId,
    name: 'forum',
    position: 0,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    last_message_id: null,
    parent_id: null,
    rate_limit_per_user: 0,
    available_tags: [],
    default_reaction_emoji: null,
    default_sort_order: null,
    default_forum_layout: ForumLayoutType.NotSet,
    ...overrides,
  };
}

/** A public thread (or a forum post) of `parentId`. */
export function buildThreadChannel(
  guildId: string,
  parentId: string,
  overrides: Partial<APIThreadChannel> = {},
): APIThreadChannel {
  return {
    id: overrides.id ?? snowflake(),
    type: ChannelType.PublicThread,
    guild_id: guildId,
    parent_id: parentId,
    name: 'thread',
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0 as ChannelFlags,
    thread_metadata: {
      archived: false,
      auto_archive_duration: 1440,
      archive_timestamp: ISO_EPOCH,
      locked: false,
    },
    message_count: 0,
    member_count: 1,
    ...overrides,
  };
}

/** The direct-message channel with `user`. */
export function buildDmChannel(user: APIUser): APIDMChannel {
  return {
    id: snowflake(),
    type: ChannelType.DM,
    name: null,
    last_message_id: null,
    recipients: [user],
    flags: 0 as ChannelFlags,
  };
}

/** The @everyone role (id = guild id) carrying `permissions`. */
export function buildEveryoneRole(guildId: string, permissions = DEFAULT_PERMISSIONS): APIRole {
  return {
    id: guildId,
    name: '@everyone',
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: 0,
    permissions,
    managed: false,
    mentionable: false,
    flags: 0 as RoleFlags,
  };
}

export function buildGuildMember(user: APIUser, roles: string[] = []): APIGuildMember {
  return {
    user,
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: ISO_EPOCH,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
  };
}

export interface BuildGuildOptions {
  id?: string;
  name?: string;
  ownerId?: string;
  channels?: APITextChannel[];
  forums?: APIGuildForumChannel[];
  members?: APIGuildMember[];
  roles?: APIRole[];
  preferredLocale?: Locale;
}

/** A complete GUILD_CREATE payload: enough for discord.js to cache the guild and its channels. */
export function buildGuildCreate(options: BuildGuildOptions = {}): GatewayGuildCreateDispatchData {
  const id = options.id ?? snowflake();
  const channels = options.channels ?? [buildTextChannel(id)];
  const members = options.members ?? [];
  return {
    id,
    name: options.name ?? 'Fake Guild',
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: options.ownerId ?? members[0]?.user.id ?? snowflake(),
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    widget_channel_id: null,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: options.roles ?? [buildEveryoneRole(id)],
    emojis: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    max_presences: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: options.preferredLocale ?? Locale.EnglishUS,
    public_updates_channel_id: null,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    nsfw_level: GuildNSFWLevel.Default,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    // GUILD_CREATE-only fields
    joined_at: ISO_EPOCH,
    large: false,
    unavailable: false,
    member_count: members.length,
    voice_states: [],
    members,
    channels: [...channels, ...(options.forums ?? [])],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export interface BuildMessageOptions {
  id?: string;
  channelId: string;
  guildId?: string;
  author: APIUser;
  content?: string;
  flags?: number;
  components?: APIMessageTopLevelComponent[];
  embeds?: APIMessage['embeds'];
  applicationId?: string;
  webhookId?: string;
  nonce?: string | number;
}

/** A message object as the REST API returns it (all non-optional fields present). */
export function buildMessage(options: BuildMessageOptions): APIMessage & { guild_id?: string } {
  const id = options.id ?? snowflake();
  const message: APIMessage & { guild_id?: string } = {
    id,
    channel_id: options.channelId,
    author: options.author,
    content: options.content ?? '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: options.embeds ?? [],
    pinned: false,
    type: MessageType.Default,
    flags: options.flags ?? 0,
    components: options.components ?? [],
  };
  if (options.guildId !== undefined) message.guild_id = options.guildId;
  if (options.applicationId !== undefined) message.application_id = options.applicationId;
  if (options.webhookId !== undefined) message.webhook_id = options.webhookId;
  if (options.nonce !== undefined) message.nonce = options.nonce;
  return message;
}

// ---------------------------------------------------------------------------------------------
// Chat-input option helpers
// ---------------------------------------------------------------------------------------------

export function stringOption(
  name: string,
  value: string,
  focused?: boolean,
): APIApplicationCommandInteractionDataStringOption {
  const option: APIApplicationCommandInteractionDataStringOption = {
    name,
    type: ApplicationCommandOptionType.String,
    value,
  };
  if (focused !== undefined) option.focused = focused;
  return option;
}

export function booleanOption(
  name: string,
  value: boolean,
): APIApplicationCommandInteractionDataBooleanOption {
  return { name, type: ApplicationCommandOptionType.Boolean, value };
}

export function integerOption(
  name: string,
  value: number,
): APIApplicationCommandInteractionDataIntegerOption<InteractionType.ApplicationCommand> {
  return { name, type: ApplicationCommandOptionType.Integer, value };
}

export function subcommandOption(
  name: string,
  options: APIApplicationCommandInteractionDataOption[] = [],
): APIApplicationCommandInteractionDataSubcommandOption {
  return {
    name,
    type: ApplicationCommandOptionType.Subcommand,
    options: options as APIApplicationCommandInteractionDataSubcommandOption['options'],
  };
}

export function subcommandGroupOption(
  name: string,
  subcommands: APIApplicationCommandInteractionDataSubcommandOption[],
): APIApplicationCommandInteractionDataSubcommandGroupOption {
  return { name, type: ApplicationCommandOptionType.SubcommandGroup, options: subcommands };
}

// ---------------------------------------------------------------------------------------------
// Interactions
// ---------------------------------------------------------------------------------------------

/** Where an interaction happens and who triggers it. */
export interface InteractionContext {
  applicationId: string;
  guildId: string;
  channel: APITextChannel;
  user: APIUser;
  /** The invoking member's permissions in the channel (decimal string). */
  memberPermissions?: string;
  /** The bot's permissions in the channel (decimal string). */
  appPermissions?: string;
  locale?: Locale;
  guildLocale?: Locale;
}

interface CommonInteractionFields {
  id: string;
  application_id: string;
  token: string;
  version: 1;
  guild_id: string;
  guild: { id: string; locale: Locale; features: [] };
  channel_id: string;
  channel: APITextChannel;
  member: APIInteractionGuildMember;
  app_permissions: string;
  locale: Locale;
  guild_locale: Locale;
  entitlements: [];
  authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: string };
  context: InteractionContextType.Guild;
  attachment_size_limit: number;
}

function common(ctx: InteractionContext): CommonInteractionFields {
  const guildLocale = ctx.guildLocale ?? Locale.EnglishUS;
  return {
    id: snowflake(),
    application_id: ctx.applicationId,
    token: fakeToken(),
    version: 1,
    guild_id: ctx.guildId,
    guild: { id: ctx.guildId, locale: guildLocale, features: [] },
    channel_id: ctx.channel.id,
    channel: ctx.channel,
    member: {
      ...buildGuildMember(ctx.user),
      permissions: ctx.memberPermissions ?? DEFAULT_PERMISSIONS,
    },
    app_permissions: ctx.appPermissions ?? DEFAULT_PERMISSIONS,
    locale: ctx.locale ?? Locale.EnglishUS,
    guild_locale: guildLocale,
    entitlements: [],
    authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: ctx.guildId },
    context: InteractionContextType.Guild,
    attachment_size_limit: 10 * 1024 * 1024,
  };
}

export interface ChatInputOptions {
  name: string;
  commandId?: string;
  options?: APIApplicationCommandInteractionDataOption[];
  resolved?: APIInteractionDataResolved;
  /** Set for guild-scoped commands. */
  commandGuildId?: string;
}

/** INTERACTION_CREATE for a slash command (interaction type 2, command type 1). */
export function chatInputInteraction(
  ctx: InteractionContext,
  opts: ChatInputOptions,
): APIChatInputApplicationCommandGuildInteraction {
  const data: APIChatInputApplicationCommandGuildInteraction['data'] = {
    id: opts.commandId ?? snowflake(),
    name: opts.name,
    type: ApplicationCommandType.ChatInput,
  };
  if (opts.options !== undefined) data.options = opts.options;
  if (opts.resolved !== undefined) data.resolved = opts.resolved;
  if (opts.commandGuildId !== undefined) data.guild_id = opts.commandGuildId;
  return { ...common(ctx), type: InteractionType.ApplicationCommand, data };
}

export interface AutocompleteOptions {
  name: string;
  commandId?: string;
  /** Exactly one (possibly nested under a subcommand) should have `focused: true`. */
  options: APIApplicationCommandInteractionDataOption[];
}

/** INTERACTION_CREATE for autocomplete (interaction type 4). */
export function autocompleteInteraction(
  ctx: InteractionContext,
  opts: AutocompleteOptions,
): APIApplicationCommandAutocompleteGuildInteraction {
  return {
    ...common(ctx),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: opts.commandId ?? snowflake(),
      name: opts.name,
      type: ApplicationCommandType.ChatInput,
      options: opts.options as APIApplicationCommandAutocompleteGuildInteraction['data']['options'],
    },
  };
}

export interface ButtonOptions {
  customId: string;
  /** The message the button is on (typically one the bot posted). */
  message: APIMessage;
  /** Marks the message as ephemeral (flags |= 64), as Discord does for ephemeral replies. */
  ephemeral?: boolean;
}

/** INTERACTION_CREATE for a button press (interaction type 3, component type 2). */
export function buttonInteraction(
  ctx: InteractionContext,
  opts: ButtonOptions,
): APIMessageComponentButtonInteraction & CommonInteractionFields {
  const message: APIMessage = opts.ephemeral
    ? { ...opts.message, flags: (opts.message.flags ?? 0) | MessageFlags.Ephemeral }
    : opts.message;
  return {
    ...common(ctx),
    type: InteractionType.MessageComponent,
    data: { custom_id: opts.customId, component_type: ComponentType.Button },
    message,
  };
}

export interface MessageContextOptions {
  name: string;
  commandId?: string;
  target: APIMessage;
}

/** INTERACTION_CREATE for a message context-menu command (interaction type 2, command type 3). */
export function messageContextInteraction(
  ctx: InteractionContext,
  opts: MessageContextOptions,
): APIMessageApplicationCommandGuildInteraction {
  return {
    ...common(ctx),
    type: InteractionType.ApplicationCommand,
    data: {
      id: opts.commandId ?? snowflake(),
      name: opts.name,
      type: ApplicationCommandType.Message,
      target_id: opts.target.id,
      resolved: { messages: { [opts.target.id]: opts.target } },
    },
  };
}

/** A button row, for building messages that carry buttons. */
export function buttonRow(
  buttons: { customId: string; label: string }[],
): APIMessageTopLevelComponent {
  return {
    type: ComponentType.ActionRow,
    id: 1,
    components: buttons.map((b, i) => ({
      type: ComponentType.Button,
      id: i + 2,
      style: 2,
      custom_id: b.customId,
      label: b.label,
    })),
  };
}
