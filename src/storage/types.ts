import { z } from 'zod';

/** Chat platforms the bot posts to. */
export const PLATFORMS = ['discord', 'slack'] as const;
export type Platform = (typeof PLATFORMS)[number];
export const platformSchema = z.enum(PLATFORMS);

/** A channel on a platform: the key for subscriptions, the ledger and the fact rotation. */
export interface ChannelRef {
  platform: Platform;
  channelId: string;
}

/** A clock the repositories read timestamps from (tests pass a fake one). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A channel within one server (Discord guild, Slack workspace): how members address it. */
export interface GuildChannelRef extends ChannelRef {
  guildId: string;
}
