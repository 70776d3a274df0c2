/**
 * Discord and Slack in one bot (what `npm start` runs when both have credentials): one database,
 * one HTTP server carrying Slack's /slack/events, one daily scheduler posting to each platform's
 * channels through its own sender.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { discordPlatformAdapter } from '../../../src/adapters/discord/launch.ts';
import { slackPlatformAdapter } from '../../../src/adapters/slack/launch.ts';
import { launchBot, type RunningBot } from '../../../src/bot.ts';
import { loadConfig } from '../../../src/config.ts';
import { engine } from '../../support/engine.ts';
import { type FakeDiscord, startFakeDiscord } from '../../support/fake-discord/index.ts';
import {
  BOT_TOKEN,
  type FakeSlack,
  SIGNING_SECRET,
  startFakeSlack,
} from '../../support/fake-slack/index.ts';
import { landed } from '../discord/helpers.ts';
import { answersTo } from './helpers.ts';

let discord: FakeDiscord;
let slack: FakeSlack;
let bot: RunningBot;
let dir: string;
let eventsUrl: string;
/** The bot's clock: 08:00 in Paris. */
let now = new Date('2024-03-05T07:00:00Z');

beforeAll(async () => {
  discord = await startFakeDiscord();
  slack = await startFakeSlack();
  dir = mkdtempSync(join(tmpdir(), 'dossier-slack-bot-'));
  const config = loadConfig(
    {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.restUrl,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      HTTP_PORT: '0',
      DATABASE_PATH: join(dir, 'bot.db'),
      SNAPSHOT_DIR: 'off',
    },
    { dotenv: false },
  );
  if (config.slack === null) throw new Error('no Slack config');
  bot = await launchBot(
    {
      config,
      logger: pino({ level: 'silent' }),
      engine: await engine(),
      platforms: [
        discordPlatformAdapter({ token: discord.token, apiUrl: discord.restUrl, commands }),
        slackPlatformAdapter({ config: config.slack, commands }),
      ],
    },
    { clock: () => now },
  );
  eventsUrl = `http://127.0.0.1:${bot.httpPort}/slack/events`;
});

afterAll(async () => {
  await bot?.stop();
  await discord?.close();
  await slack?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('Discord and Slack together', () => {
  test('both platforms run and answer', async () => {
    expect(bot.platforms.map((p) => p.id)).toEqual(['discord', 'slack']);
    // each answer read wherever it landed: a loaded machine's lagging loop defers at once
    const { id } = discord.sendChatInput('help');
    expect(JSON.stringify((await landed(discord, id)).data)).toContain('/ask');
    const r = await slack.slash(eventsUrl, 'help');
    await slack.until(() => answersTo(slack, r.responseId).length === 1, 5000, 'the help answer');
    expect(JSON.stringify(answersTo(slack, r.responseId)[0]?.payload)).toContain('/dossier ask');
  });

  test('/dossier daily set by a workspace admin, then the daily tick posts to the Slack channel once', async () => {
    slack.admins.add('U0000ADMIN');
    const set = await slack.slash(eventsUrl, 'daily set <#C0000NEWS01|news> 09:00 Europe/Paris', {
      userId: 'U0000ADMIN',
    });
    // on a loaded machine a "Looking through the documents…" placeholder may come first
    const shown = (id: string, text: string) =>
      slack.responsesTo(id).find((r) => JSON.stringify(r.payload).includes(text));
    await slack.until(
      () => shown(set.responseId, 'Europe/Paris') !== undefined,
      5000,
      'the answer',
    );
    const answer = JSON.stringify(shown(set.responseId, 'Europe/Paris')?.payload);
    expect(answer).toContain('Europe/Paris');
    expect(answer).not.toContain('⚠️');
    const sub = await bot.daily.subscriptions.get({ platform: 'slack', channelId: 'C0000NEWS01' });
    expect(sub).toMatchObject({ guildId: 'T0000FAKE', localTime: '09:00', enabled: true });

    // another workspace's channel, or one that does not exist, is refused (conversations.info)
    slack.foreignChannels.set('C0000ELSEWHR', 'T0000OTHER');
    slack.missingChannels.add('C0000MISSING');
    for (const [channel, said] of [
      ['C0000ELSEWHR', 'That channel is not in this server'],
      ['C0000MISSING', 'I cannot find that channel'],
    ] as const) {
      const refused = await slack.slash(eventsUrl, `daily set <#${channel}|x> 09:00 Europe/Paris`, {
        userId: 'U0000ADMIN',
      });
      await slack.until(() => shown(refused.responseId, said) !== undefined, 5000, 'refusal');
      expect(
        await bot.daily.subscriptions.get({ platform: 'slack', channelId: channel }),
      ).toBeNull();
    }

    now = new Date('2024-03-05T08:01:00Z');
    expect(await bot.daily.tick()).toMatchObject({ posted: 1 });
    expect(await bot.daily.tick()).toMatchObject({ posted: 0 });
    const posts = slack.callsOf('chat.postMessage').filter((c) => c.body.channel === 'C0000NEWS01');
    expect(posts).toHaveLength(1);
    expect(slack.problems).toEqual([]);
  });
});
