/**
 * What the bot runtime (src/bot.ts) needs from a chat platform's adapter: what it can do, start
 * it with the services for that platform, get its daily-post Sender, stop it. Each platform's
 * folder implements it; src/adapters/registry.ts lists them.
 */
import type { Logger } from 'pino';
import type { Services } from '../../commands/services.ts';
import type { EngineSource } from '../answer/engine.ts';
import type { Sender } from '../daily/sender.ts';
import type { HttpRoutes } from '../http/server.ts';
import type { Monitor } from '../interactions/monitor.ts';
import type { AutoAnswerModes, ChatStore } from '../services/chat.ts';
import type { Platform } from '../storage/types.ts';

/** The platform lost a channel or a whole server for good (deleted, or the bot was removed). */
export interface AccessLost {
  kind: 'channel' | 'guild';
  id: string;
}

/** Whether a platform can take interactions now (for /healthz). */
export interface PlatformHealth {
  status: 'connected' | 'reconnecting' | 'disconnected';
  /** Since when it has been in this status. */
  since: Date;
  /** Why, when not connected (e.g. the gateway's close code). */
  detail?: string | undefined;
}

/** What a platform adapter gets when it starts. */
export interface PlatformRuntime {
  /**
   * The engine being served; a corpus reload swaps it. Pass it to the interaction core as is:
   * the core reads it once per interaction.
   */
  engine: EngineSource;
  /** The services commands use on this platform (its own daily posts). */
  services: Services;
  logger: Logger;
  /** The bot's clock (tests pass a fake one). */
  now: () => Date;
  /** Reports lost access, so the daily schedule disables that platform's subscriptions there. */
  accessLost(lost: AccessLost): void;
  /**
   * The bot's HTTP server (HTTP_PORT), for platforms that receive requests (Slack's events,
   * Discord's interactions endpoint); null when HTTP_PORT is not set. It starts listening once
   * every platform has started, so register routes in `start`.
   */
  http: HttpRoutes | null;
  /**
   * Counts interactions and errors and refuses new work while the bot stops: pass it to the
   * interaction core (`monitor`) and report logged client errors through `monitor.error`.
   */
  monitor?: Monitor | undefined;
  /**
   * The platform cannot go on (Discord closed the gateway for good, e.g. 4004 after the token
   * was reset): the bot stops and exits 1 with this message. Called at most once.
   */
  fatal?: ((message: string) => void) | undefined;
  /**
   * Where chat messages are recorded and channel settings read (the database); absent where the
   * bot runs without one, and then no message is answered.
   */
  chat?: ChatStore | undefined;
}

/** What a platform offers, as its configuration allows (the registry declares it). */
export interface PlatformCapabilities {
  /** It reads chat messages and answers them (mentions, DMs, /autoanswer channels). */
  messages: boolean;
  /** Answers can go in a thread of their own. */
  threads: boolean;
  /** A reply can be seen by one user only. */
  ephemeral: boolean;
  /** Messages carry buttons. */
  buttons: boolean;
  /** The /autoanswer modes it serves now, and why not the others. */
  autoAnswer: AutoAnswerModes;
}

export interface RunningPlatform {
  id: Platform;
  /** Posts the daily fact to this platform's channels. */
  sender: Sender;
  /** Disconnects and stops handling interactions. */
  stop(): Promise<void>;
  /** Connected or not, for /healthz; a platform without it counts as connected. */
  health?(): PlatformHealth;
}

export interface PlatformAdapter {
  id: Platform;
  /** What it offers with its settings; absent: commands and buttons only (no chat messages). */
  capabilities?: PlatformCapabilities | undefined;
  /** Connects; rejects with a printable message when it cannot (a bad token). */
  start(runtime: PlatformRuntime): Promise<RunningPlatform>;
}
