/**
 * The CommandContext a command, button or autocomplete handler runs with: the caller's place,
 * rights and language, the platform's words, the commands this caller may run, the engine of this
 * interaction, and the services, with the stored questions scoped to where it happened.
 */
import type { Logger } from 'pino';
import type { Services } from '../../commands/services.ts';
import type { CommandSpec, Permission, Visibility } from '../../commands/spec.ts';
import type { CommandContext, PlatformId } from '../../commands/types.ts';
import type { Engine } from '../answer/engine.ts';
import { ButtonElsewhere, inScope, type RecentQuestions } from '../storage/recent.ts';
import type { Caller } from './invocation.ts';
import type { PlatformProfile } from './platform.ts';

export interface ContextOptions {
  platform: PlatformProfile;
  /** The services commands use on this platform. */
  services: Services;
  now: () => Date;
  /** The specs of the served commands a user holding `permissions` may run (for /help, menus). */
  visibleTo(permissions: readonly Permission[]): CommandSpec[];
}

/** The context for one interaction's caller, who sees its answer, its logger and its engine. */
export type ContextFor = (
  caller: Caller,
  visibility: Visibility,
  logger: Logger,
  engine: Engine,
) => CommandContext;

/**
 * The stored questions as this interaction may use them: each remembered with this platform and
 * server (and, when bound to a user, this user); one from anywhere else refused (ButtonElsewhere,
 * answered as a stale button), whatever the command does with it.
 */
function scopedRecent(store: RecentQuestions, tag: PlatformId, caller: Caller): RecentQuestions {
  return {
    remember: (entry) =>
      store.remember({
        ...entry,
        scope: {
          platform: tag,
          guildId: caller.place.guildId,
          userId: entry.scope?.userId == null ? null : caller.user.id,
        },
      }),
    async get(key) {
      const entry = await store.get(key);
      if (entry && !inScope(entry.scope, tag, caller.place.guildId, caller.user.id))
        throw new ButtonElsewhere(key);
      return entry;
    },
  };
}

/**
 * The context maker of one platform's core.
 * @example const contextFor = createContextFor({ platform, services, now, visibleTo });
 *          const ctx = contextFor(invocation, 'private', logger, engine);
 */
export function createContextFor(options: ContextOptions): ContextFor {
  const { platform, services, now, visibleTo } = options;
  const tag = platform.id;
  return (caller, visibility, logger, engine) => ({
    platform,
    user: caller.user,
    guildId: caller.place.guildId,
    channelId: caller.place.channelId,
    permissions: caller.permissions,
    visibility,
    locale: caller.locale,
    commands: visibleTo(caller.permissions),
    engine,
    services: { ...services, recent: scopedRecent(services.recent, tag, caller) },
    logger,
    now,
    channelOwner: async (channelId) => {
      if (!caller.channelOwner)
        return { found: false, reason: 'unreachable', detail: 'the platform cannot tell' };
      try {
        return await caller.channelOwner(channelId);
      } catch (error) {
        logger.warn({ err: error, channelId }, `${tag}: channel lookup failed`);
        return { found: false, reason: 'unreachable', detail: String(error) };
      }
    },
  });
}
