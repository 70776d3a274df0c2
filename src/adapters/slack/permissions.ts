/**
 * What a Slack user may do, as the interaction core's platform-neutral permissions. Slack sends
 * no roles with an interaction, so workspace admins and owners are looked up (users.info, scope
 * users:read) and remembered for a few minutes; a failed lookup grants nothing.
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Permission } from '../../../commands/spec.ts';

/** Ours: how long a user's role is remembered, and for how many users at most. */
export const ROLE_TTL_MS = 5 * 60_000;
const MAX_CACHED = 2000;

const UserInfo = z.object({
  user: z
    .object({
      is_admin: z.boolean().optional(),
      is_owner: z.boolean().optional(),
      is_primary_owner: z.boolean().optional(),
    })
    .optional(),
});

export interface SlackPermissions {
  /** The rights `userId` holds in the workspace. Never rejects. */
  of(userId: string): Promise<Permission[]>;
}

export function slackPermissions(
  client: webApi.WebClient,
  logger: Logger,
  now: () => number = Date.now,
): SlackPermissions {
  const cache = new Map<string, { permissions: Permission[]; until: number }>();
  return {
    async of(userId) {
      const hit = cache.get(userId);
      if (hit && hit.until > now()) return hit.permissions;
      try {
        const parsed = UserInfo.safeParse(await client.users.info({ user: userId }));
        const user = parsed.success ? parsed.data.user : undefined;
        const admin =
          user?.is_admin === true || user?.is_owner === true || user?.is_primary_owner === true;
        const permissions: Permission[] = admin ? ['manageServer'] : [];
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(userId, { permissions, until: now() + ROLE_TTL_MS });
        return permissions;
      } catch (error) {
        logger.warn(
          { err: error, userId },
          'slack: users.info failed; treating the user as a member',
        );
        return [];
      }
    },
  };
}
