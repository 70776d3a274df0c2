/** Shared set-up for the Slack adapter tests: the fake Slack, the bot's HTTP server, the adapter. */

import type { Command, Services } from '../../../commands/types.ts';
import type { PlatformRuntime } from '../../../src/adapters/platform.ts';
import {
  type RunningSlack,
  type SlackPlatformOptions,
  slackPlatformAdapter,
} from '../../../src/adapters/slack/launch.ts';
import { fixedEngine } from '../../../src/answer/engine.ts';
import { HttpServer, type RunningHttpServer } from '../../../src/http/server.ts';
import { engine, TestRecent } from '../../support/engine.ts';
import {
  BOT_TOKEN,
  type FakeSlack,
  SIGNING_SECRET,
  startFakeSlack,
} from '../../support/fake-slack/index.ts';
import { captureLogger, type LogRecord } from '../discord/helpers.ts';

export interface SlackHarness {
  fake: FakeSlack;
  slack: RunningSlack;
  eventsUrl: string;
  logs: LogRecord[];
  services: Services;
  stop(): Promise<void>;
}

/** Starts a fake Slack and the Slack adapter in HTTP mode on 127.0.0.1, serving `commands`. */
export async function startSlack(
  commands: readonly Command[],
  extra: Partial<SlackPlatformOptions> & {
    services?: Services;
    /** The bot runtime's monitor (in-flight count, metrics), as bot.ts passes it. */
    monitor?: PlatformRuntime['monitor'];
  } = {},
): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const { logger, records } = captureLogger();
  const http = new HttpServer(logger);
  const services: Services = extra.services ?? { recent: new TestRecent() };
  const runtime: PlatformRuntime = {
    engine: fixedEngine(await engine()),
    services,
    logger,
    now: () => new Date(),
    accessLost: () => undefined,
    http,
    monitor: extra.monitor,
  };
  const slack = await slackPlatformAdapter({
    config: {
      mode: 'http',
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      apiUrl: fake.apiUrl,
    },
    commands,
    ...extra,
  }).start(runtime);
  let listening: RunningHttpServer | null = null;
  try {
    listening = await http.listen(0, '127.0.0.1');
  } catch (error) {
    await fake.close();
    throw error;
  }
  const server = listening;
  return {
    fake,
    slack,
    eventsUrl: `http://127.0.0.1:${server.port}/slack/events`,
    logs: records,
    services,
    stop: async () => {
      await slack.stop();
      await server.close(100);
      await fake.close();
    },
  };
}
