import type { Feature } from '../../commands/spec.ts';
import type { PlatformInfo } from '../../commands/types.ts';

/**
 * What an adapter tells the interaction core about its platform: the words commands may use
 * (PlatformInfo) and what the platform can do.
 */
export interface PlatformProfile extends PlatformInfo {
  /** Features the platform offers; commands that require others are neither run nor listed. */
  readonly features: readonly Feature[];
  /** A channel option as typed or sent, as this platform's channel id; null when it is not one. */
  parseChannel(raw: string): string | null;
  /** A role option (a Discord role, a Slack user group) as its id; absent: no roles here. */
  parseRole?: ((raw: string) => string | null) | undefined;
}
