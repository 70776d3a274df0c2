import { z } from 'zod';
import type { Sql } from './sql.ts';
import {
  type ChannelRef,
  type Clock,
  type GuildChannelRef,
  type Platform,
  platformSchema,
  systemClock,
} from './types.ts';

/** How the bot answers messages in a channel (see commands/services.ts AutoAnswerMode). */
export const CHANNEL_MODES = ['mention', 'questions', 'forum'] as const;
export type ChannelMode = (typeof CHANNEL_MODES)[number];

/** One channel's /autoanswer settings. */
export interface ChannelSettings {
  platform: Platform;
  guildId: string;
  channelId: string;
  mode: ChannelMode;
  /** Stay silent (true) or say "I found nothing…" (false) when an unsolicited answer is unsure. */
  quiet: boolean;
  /** The role or user group **Ask a human** pings; null: no such button. */
  humanRole: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type ChannelSettingsInput = Omit<ChannelSettings, 'createdAt' | 'updatedAt'>;

const rowSchema = z.object({
  platform: platformSchema,
  guild_id: z.string(),
  channel_id: z.string(),
  mode: z.enum(CHANNEL_MODES),
  quiet: z.union([z.literal(0), z.literal(1)]),
  human_role: z.string().nullable(),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

function toSettings(row: unknown): ChannelSettings {
  const r = rowSchema.parse(row);
  return {
    platform: r.platform,
    guildId: r.guild_id,
    channelId: r.channel_id,
    mode: r.mode,
    quiet: r.quiet === 1,
    humanRole: r.human_role,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** `/autoanswer set` named a channel another server configured (a forged or stale id). */
export class ForeignAutoAnswerChannel extends Error {
  override readonly name = 'ForeignAutoAnswerChannel';
}

/**
 * /autoanswer's channel settings (migration 7). Like subscriptions, what a server's moderators
 * change or list is scoped by their server; the message path reads a channel's row by its id.
 */
export class AutoAnswerRepository {
  constructor(
    private readonly db: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  /**
   * Creates or replaces the channel's settings. Throws ForeignAutoAnswerChannel when the channel
   * is configured in another server.
   */
  async upsert(input: ChannelSettingsInput): Promise<ChannelSettings> {
    const now = this.clock().toISOString();
    await this.db.run(
      `INSERT INTO autoanswer_channels (platform, guild_id, channel_id, mode, quiet, human_role,
         created_by, created_at, updated_at)
       VALUES (@platform, @guildId, @channelId, @mode, @quiet, @humanRole, @createdBy, @now, @now)
       ON CONFLICT (platform, channel_id) DO UPDATE SET
         mode = excluded.mode, quiet = excluded.quiet, human_role = excluded.human_role,
         created_by = excluded.created_by, updated_at = excluded.updated_at
       WHERE autoanswer_channels.guild_id = excluded.guild_id`,
      {
        platform: input.platform,
        guildId: input.guildId,
        channelId: input.channelId,
        mode: input.mode,
        quiet: input.quiet ? 1 : 0,
        humanRole: input.humanRole,
        createdBy: input.createdBy,
        now,
      },
    );
    const saved = await this.get(input);
    if (!saved) throw new Error('autoanswer settings vanished right after upsert');
    if (saved.guildId !== input.guildId)
      throw new ForeignAutoAnswerChannel(`channel ${input.channelId} belongs to another server`);
    return saved;
  }

  /** The channel's settings, whichever server it is in (the message path). */
  async get(ref: ChannelRef): Promise<ChannelSettings | null> {
    const row = await this.db.get(
      'SELECT * FROM autoanswer_channels WHERE platform = @platform AND channel_id = @channelId',
      { platform: ref.platform, channelId: ref.channelId },
    );
    return row === undefined ? null : toSettings(row);
  }

  /** Removes the channel's settings if they belong to `ref.guildId`. */
  async deleteInGuild(ref: GuildChannelRef): Promise<boolean> {
    const changes = await this.db.run(
      `DELETE FROM autoanswer_channels
       WHERE platform = @platform AND guild_id = @guildId AND channel_id = @channelId`,
      { platform: ref.platform, guildId: ref.guildId, channelId: ref.channelId },
    );
    return changes > 0;
  }

  /** Removes a channel's settings whichever server it is in (the channel was deleted). */
  async delete(ref: ChannelRef): Promise<boolean> {
    const changes = await this.db.run(
      'DELETE FROM autoanswer_channels WHERE platform = @platform AND channel_id = @channelId',
      { platform: ref.platform, channelId: ref.channelId },
    );
    return changes > 0;
  }

  /** Every configured channel of a server, by channel id. */
  async listByGuild(platform: Platform, guildId: string): Promise<ChannelSettings[]> {
    const rows = await this.db.all(
      `SELECT * FROM autoanswer_channels WHERE platform = @platform AND guild_id = @guildId
       ORDER BY channel_id`,
      { platform, guildId },
    );
    return rows.map(toSettings);
  }
}
