/**
 * Gateway faults through the bot's own Discord adapter and runtime: a drop or a zombie connection
 * resumes (RESUME, never a second IDENTIFY) and /healthz follows it; 4004 after login stops the
 * bot with one clear error and no reconnect loop; a 429's retry_after is waited out.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { discordPlatformAdapter } from '../../../src/adapters/discord/launch.ts';
import type { PlatformHealth } from '../../../src/adapters/platform.ts';
import { BotFatalError, type RunningBot, startBot } from '../../../src/bot.ts';
import { loadConfig } from '../../../src/config.ts';
import { Lifecycle } from '../../../src/ops/lifecycle.ts';
import { createMetrics } from '../../../src/ops/metrics.ts';
import {
  type FakeDiscord,
  faults,
  GatewayOp,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';
import {
  CALLBACK,
  callbackFor,
  captureLogger,
  engine,
  type Harness,
  sleep,
  startAdapter,
  until,
} from './helpers.ts';

describe('through the adapter', () => {
  let fake: FakeDiscord;
  let h: Harness;
  const health = (): PlatformHealth => h.adapter.health();
  const statuses: string[] = [];
  let watching: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    // a short heartbeat, so a zombie connection shows within a second
    fake = await startFakeDiscord({ heartbeatIntervalMs: 250 });
    const metrics = createMetrics();
    h = await startAdapter(fake, commands, {
      monitor: new Lifecycle({ metrics, logQuestions: false }),
    });
    watching = setInterval(() => {
      const s = health().status;
      if (statuses.at(-1) !== s) statuses.push(s);
    }, 5);
  });
  afterAll(async () => {
    clearInterval(watching);
    await h?.stop();
    await fake?.close();
  });

  test('a dropped connection and a zombie one both RESUME; health dips and comes back', async () => {
    expect(health().status).toBe('connected');
    fake.clearGatewayOps();
    await fake.dropConnection({ terminate: true });
    await fake.waitForGatewayOp(GatewayOp.Resume, 5000);
    await until(() => health().status === 'connected', 3000, 'connected again');

    fake.clearGatewayOps();
    fake.setHeartbeatAck(false);
    try {
      await fake.waitForGatewayOp(GatewayOp.Resume, 5000);
    } finally {
      fake.setHeartbeatAck(true);
    }
    await until(() => health().status === 'connected', 3000, 'connected again');
    expect(fake.gatewayOps(GatewayOp.Identify)).toHaveLength(0);
    expect(statuses.filter((s) => s === 'reconnecting').length).toBeGreaterThanOrEqual(2);
    const p = fake.sendChatInput('ask', [stringOption('question', 'What is an SRBM?')]);
    expect((await callbackFor(fake, p.id)).status).toBe(204);
  });

  test('a 429 on the reply is retried after its retry_after, and the user still gets the answer', async () => {
    fake.injectFault({ method: 'POST', route: CALLBACK, response: faults.rateLimit(0.6) });
    // the bot's REST client says what it made of the 429: the wait it sleeps before the retry
    const debug: string[] = [];
    const onDebug = (line: string) => debug.push(line);
    const rest = h.adapter.client.rest;
    rest.on('restDebug', onDebug);
    try {
      const p = fake.sendChatInput('help');
      await until(
        () => fake.requests((r) => r.route === CALLBACK && r.params.id === p.id).length >= 2,
        30_000,
        'the retried callback',
      );
      const [limited, retried] = fake.requests((r) => r.route === CALLBACK && r.params.id === p.id);
      expect(limited?.status).toBe(429);
      await until(() => retried?.status !== undefined, 30_000, 'the retry answered');
      expect(retried?.status).toBe(204);
    } finally {
      rest.off('restDebug', onDebug);
    }
    const limits = debug.filter((l) => l.includes('Encountered unexpected 429 rate limit'));
    expect(limits).toHaveLength(1);
    // retry_after (0.6 s) plus the safety offset discord.js adds to every wait
    expect(limits[0]).toMatch(
      new RegExp(`Retry After\\s*: ${600 + Number(rest.options.offset)}ms`, 'u'),
    );
  });
});

describe('through the bot runtime', () => {
  let fake: FakeDiscord;
  let dir: string;
  beforeAll(async () => {
    fake = await startFakeDiscord();
    dir = mkdtempSync(join(tmpdir(), 'dossier-4004-'));
  });
  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('4004 after login (token reset): one clear error, no reconnect, the bot stops', async () => {
    const { logger, records } = captureLogger();
    const config = loadConfig(
      {
        DISCORD_TOKEN: fake.token,
        DISCORD_API_URL: fake.restUrl,
        DATABASE_PATH: join(dir, 'bot.db'),
        SNAPSHOT_DIR: 'off',
        DAILY_ENABLED: 'false',
      },
      { dotenv: false },
    );
    let bot: RunningBot | undefined;
    const run = startBot(
      {
        config,
        logger,
        engine: await engine(),
        platforms: [discordPlatformAdapter({ token: fake.token, apiUrl: fake.restUrl, commands })],
      },
      {
        onStarted: (b) => {
          bot = b;
        },
      },
    );
    const outcome = run.then(
      () => null,
      (e: unknown) => e,
    );
    await until(() => bot !== undefined, 10_000, 'the bot started');
    await fake.dropConnection({ code: 4004 });
    const error = await outcome;
    expect(error).toBeInstanceOf(BotFatalError);
    expect(error instanceof Error ? error.message : '').toMatch(
      /^Discord closed the gateway with 4004 \(authentication failed\).*Check DISCORD_TOKEN/u,
    );
    await sleep(1500);
    expect(fake.gatewayOps(GatewayOp.Identify)).toHaveLength(1);
    expect(fake.gatewayOps(GatewayOp.Resume)).toHaveLength(0);
    expect(fake.gateway.connectionInfo().filter((c) => c.open)).toEqual([]);
    const errors = records.filter((r) => r.level >= 50);
    expect(errors.map((r) => r.code)).toEqual([4004]);
    expect(bot?.lifecycle.state).toBe('stopped');
  });
});
