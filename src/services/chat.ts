/**
 * Asking in chat, over the repositories: /autoanswer's view of one platform's channel settings
 * (AutoAnswerSettings, for the command) and the store the interaction core's message path reads
 * (ChatStore). Both share one short-lived cache of channel settings, so the message path does not
 * read the database for every message of every channel, and a change made here applies at once.
 */
import type {
  AutoAnswerChannel,
  AutoAnswerMode,
  AutoAnswerSettings,
} from '../../commands/services.ts';
import type { Conversations } from '../conversation/conversations.ts';
import type { AnsweredMessageRepository } from '../storage/answered.ts';
import {
  type AutoAnswerRepository,
  type ChannelSettings,
  ForeignAutoAnswerChannel,
} from '../storage/autoanswer.ts';
import type { Platform } from '../storage/types.ts';

/** Ours: another process's /autoanswer change reaches this one within this long. */
export const SETTINGS_TTL_MS = 30_000;
const CACHE_MAX = 10_000;

/** What the message path reads and records. */
export interface ChatStore {
  /** A channel's /autoanswer settings (cached for SETTINGS_TTL_MS), or null. */
  settings(channelId: string): Promise<ChannelSettings | null>;
  /** The messages taken up and their answers (claims, deletes, edits). */
  answered: AnsweredMessageRepository;
  /**
   * The threads' conversations, which follow-ups are read with (one for every platform: keys
   * carry the platform); absent: each message is read alone.
   */
  conversations?: Conversations | undefined;
}

/** Which /autoanswer modes a platform serves now, and why not the others. */
export interface AutoAnswerModes {
  available: readonly AutoAnswerMode[];
  unavailable: Readonly<Partial<Record<AutoAnswerMode, string>>>;
}

export interface ChatServices {
  settings: AutoAnswerSettings;
  store: ChatStore;
}

function view(s: ChannelSettings): AutoAnswerChannel {
  return {
    guildId: s.guildId,
    channelId: s.channelId,
    mode: s.mode,
    quiet: s.quiet,
    humanRole: s.humanRole,
    createdBy: s.createdBy,
    updatedAt: s.updatedAt,
  };
}

/**
 * Builds both views for one platform.
 * @example const chat = createChatServices({ autoanswer: repos.autoanswer, answered: repos.answered }, 'discord', modes);
 */
export function createChatServices(
  repos: {
    autoanswer: AutoAnswerRepository;
    answered: AnsweredMessageRepository;
    conversations?: Conversations | undefined;
  },
  platform: Platform,
  modes: AutoAnswerModes,
  now: () => number = () => performance.now(),
): ChatServices {
  const cache = new Map<string, { value: ChannelSettings | null; at: number }>();
  const remember = (channelId: string, value: ChannelSettings | null) => {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(channelId, { value, at: now() });
  };
  const store: ChatStore = {
    async settings(channelId) {
      const hit = cache.get(channelId);
      if (hit && now() - hit.at < SETTINGS_TTL_MS) return hit.value;
      const value = await repos.autoanswer.get({ platform, channelId });
      remember(channelId, value);
      return value;
    },
    answered: repos.answered,
    conversations: repos.conversations,
  };
  const settings: AutoAnswerSettings = {
    available: modes.available,
    unavailable: modes.unavailable,
    async set(input) {
      try {
        const saved = await repos.autoanswer.upsert({ platform, ...input });
        remember(saved.channelId, saved);
        return { ok: true, channel: view(saved) };
      } catch (error) {
        if (error instanceof ForeignAutoAnswerChannel) return { ok: false, reason: 'foreign' };
        throw error;
      }
    },
    async off(ref) {
      const removed = await repos.autoanswer.deleteInGuild({ platform, ...ref });
      if (removed) remember(ref.channelId, null);
      return removed;
    },
    async list(guildId) {
      return (await repos.autoanswer.listByGuild(platform, guildId)).map(view);
    },
    async askHuman(key) {
      const row = await repos.answered.byAnswerKey(key);
      if (!row || row.platform !== platform) return { ok: false, reason: 'unknown' };
      const channel = await repos.autoanswer.get({ platform, channelId: row.settingsChannelId });
      if (!channel?.humanRole || channel.guildId !== row.guildId)
        return { ok: false, reason: 'no_role' };
      if (!(await repos.answered.claimHumanCall(key))) return { ok: false, reason: 'already' };
      return { ok: true, role: channel.humanRole };
    },
  };
  return { settings, store };
}
