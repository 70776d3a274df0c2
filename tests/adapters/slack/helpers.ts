/** Shared set-up for the Slack adapter tests: the fake Slack, the bot's HTTP server, the adapter. */

import type { Services } from '../../../commands/services.ts';
import type { Command } from '../../../commands/types.ts';
import type { PlatformRuntime } from '../../../src/adapters/platform.ts';
import {
  type RunningSlack,
  type SlackPlatformOptions,
  slackPlatformAdapter,
} from '../../../src/adapters/slack/launch.ts';
import { PLACEHOLDER } from '../../../src/adapters/slack/responder.ts';
import { fixedEngine } from '../../../src/answer/engine.ts';
import { HttpServer, type RunningHttpServer } from '../../../src/http/server.ts';
import { engine, TestRecent } from '../../support/engine.ts';
import {
  BOT_TOKEN,
  type FakeSlack,
  type ResponsePost,
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

/**
 * What the bot answered through an interaction's response_url, in order, wherever the answer
 * landed: without the "Looking through the documents…" placeholder a deferral posts first, or the
 * deletion of it. The interaction core answers at once when the work can start at once and
 * finishes within its deadline; otherwise (work waiting its turn behind a loaded machine's lagging
 * loop, or running long) it defers, and the answer replaces the placeholder. Both are correct.
 */
export function answersTo(fake: FakeSlack, responseId: string): ResponsePost[] {
  return fake
    .responsesTo(responseId)
    .filter((r) => r.payload.text !== PLACEHOLDER && r.payload.delete_original !== true);
}
