/**
 * Gateway sharding through discord.js's ShardingManager: this process spawns one child process
 * per shard, each running the bot's own entry script; discord.js tells each child which shard it
 * is (its Client reads SHARDS and SHARD_COUNT from the environment the manager gives it), and
 * respawns a child that dies. What must happen once (the daily post, the HTTP server) stays in
 * the manager process; the children only answer interactions.
 */
import type { ChildProcess } from 'node:child_process';
import { REST, Routes, type Shard, ShardingManager } from 'discord.js';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { PlatformHealth } from '../platform.ts';
import { DiscordLoginError, loginErrorMessage } from './client.ts';

export interface ShardOptions {
  token: string;
  /** discord.js `rest.api`; the recommended count comes from this API's /gateway/bot. */
  apiUrl?: string | undefined;
  /** 'auto': as many shards as Discord recommends. */
  count: 'auto' | number;
  /** The script each shard runs (this process's own entry) and the Node options to run it with. */
  file: string;
  execArgv: readonly string[];
  logger: Logger;
  /**
   * Pause between starting shards when Discord allows fewer identifies at once than there are
   * shards (session_start_limit.max_concurrency per 5 s); default 5500 ms.
   */
  identifyIntervalMs?: number;
  /** How long each shard may take to load the documents and become ready; default 120 s. */
  readyTimeoutMs?: number;
}

export interface RunningShards {
  count: number;
  /** Connected while every shard is ready; which are not, otherwise (for /healthz). */
  health(): PlatformHealth;
  /** Stops every shard (SIGTERM, so each closes its gateway session) and waits for them. */
  stop(): Promise<void>;
}

const gatewayBotSchema = z.object({
  shards: z.number().int().min(1),
  session_start_limit: z.object({ max_concurrency: z.number().int().min(1) }),
});

/** Discord's recommended shard count and identify concurrency (GET /gateway/bot). */
export async function gatewayBot(
  token: string,
  apiUrl: string | undefined,
): Promise<{ shards: number; maxConcurrency: number }> {
  const rest = new REST({ ...(apiUrl === undefined ? {} : { api: apiUrl }), retries: 1 }).setToken(
    token,
  );
  try {
    const info = gatewayBotSchema.parse(await rest.get(Routes.gatewayBot()));
    return { shards: info.shards, maxConcurrency: info.session_start_limit.max_concurrency };
  } catch (error) {
    throw new DiscordLoginError(loginErrorMessage(error, apiUrl), { cause: error });
  }
}

function exited(child: ChildProcess, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function stopShard(shard: Shard, timeoutMs: number): Promise<void> {
  const child = shard.process;
  // kill() also turns off the respawn that would otherwise follow the exit.
  shard.kill();
  return child ? exited(child, timeoutMs) : Promise.resolve();
}

/**
 * Spawns the shards and resolves once every one is ready (or rejects, after stopping those that
 * started, with a printable DiscordLoginError).
 * @example const shards = await startShards({ token, count: 'auto', file: process.argv[1], execArgv: process.execArgv, logger });
 */
export async function startShards(options: ShardOptions): Promise<RunningShards> {
  const { logger } = options;
  const info = await gatewayBot(options.token, options.apiUrl);
  const count = options.count === 'auto' ? info.shards : options.count;
  const manager = new ShardingManager(options.file, {
    totalShards: count,
    token: options.token,
    execArgv: [...options.execArgv],
    mode: 'process',
    respawn: true,
  });
  const notReady = new Set<number>(Array.from({ length: count }, (_, i) => i));
  let since = new Date();
  const mark = (id: number, ready: boolean) => {
    const before = notReady.size;
    if (ready) notReady.delete(id);
    else notReady.add(id);
    if ((before === 0) !== (notReady.size === 0)) since = new Date();
  };
  manager.on('shardCreate', (shard) => {
    const log = logger.child({ shardId: shard.id });
    shard.on('spawn', (child) =>
      log.info({ pid: 'pid' in child ? child.pid : undefined }, 'discord: shard process started'),
    );
    shard.on('ready', () => {
      mark(shard.id, true);
      log.info('discord: shard ready');
    });
    shard.on('death', () => {
      mark(shard.id, false);
      log.warn('discord: shard process ended; it is restarted');
    });
    shard.on('disconnect', () => {
      mark(shard.id, false);
      log.warn('discord: shard disconnected');
    });
    shard.on('reconnecting', () => mark(shard.id, false));
    shard.on('resume', () => mark(shard.id, true));
    shard.on('error', (err) => log.error({ err }, 'discord: shard error'));
  });
  // Shards in one identify window may start together; beyond it Discord refuses early identifies.
  const delay = info.maxConcurrency >= count ? 0 : (options.identifyIntervalMs ?? 5500);
  logger.info(
    { shards: count, recommended: info.shards, delayMs: delay },
    'discord: starting shards',
  );
  try {
    await manager.spawn({ amount: count, delay, timeout: options.readyTimeoutMs ?? 120_000 });
  } catch (error) {
    await Promise.all([...manager.shards.values()].map((s) => stopShard(s, 5000)));
    const detail = error instanceof Error ? error.message : String(error);
    throw new DiscordLoginError(`Discord shards did not start: ${detail}`, { cause: error });
  }
  let stopped: Promise<void> | null = null;
  return {
    count,
    health: () =>
      notReady.size === 0
        ? { status: 'connected', since }
        : {
            status: 'reconnecting',
            since,
            detail: `shards not ready: ${[...notReady].sort((a, b) => a - b).join(', ')}`,
          },
    stop: () => {
      stopped ??= Promise.all([...manager.shards.values()].map((s) => stopShard(s, 10_000))).then(
        () => logger.info('discord: shards stopped'),
      );
      return stopped;
    },
  };
}
