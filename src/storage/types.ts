import { z } from 'zod';
import { PLATFORM_IDS, type PlatformId } from '../config.ts';

/**
 * The platforms rows belong to: the one list in src/config.ts. Tables keep the id as text with no
 * constraint naming platforms (migration 7 dropped the one subscriptions had), so a new platform
 * needs no migration.
 */
export const PLATFORMS = PLATFORM_IDS;
export type Platform = PlatformId;
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
