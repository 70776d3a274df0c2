/**
 * Discord's interactions endpoint when work is queued: an interaction whose work cannot start at
 * once is acknowledged at once with a deferral (type 5) and answered by a webhook edit when its
 * turn comes; past the queue's bound it gets the busy reply (type 4, ephemeral) and no work. The
 * queue's turns are run by the test, so nothing here depends on timing.
 */
import { REST } from 'discord.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import { discordCore } from '../../../src/adapters/discord/dispatcher.ts';
import { interactionsEndpoint } from '../../../src/adapters/discord/interactions-endpoint.ts';
import { INTERACTIONS_PATH } from '../../../src/adapters/discord/platform.ts';
import { discordPublicKey } from '../../../src/adapters/discord/signature.ts';
import { HttpServer, type RunningHttpServer } from '../../../src/http/server.ts';
import { BUSY } from '../../../src/interactions/notices.ts';
import { Lifecycle } from '../../../src/ops/lifecycle.ts';
import { createMetrics } from '../../../src/ops/metrics.ts';
import { engine, TestRecent } from '../../support/engine.ts';
import {
  chatInputInteraction,
  createSigner,
  type Delivery,
  deliverInteraction,
  type FakeDiscord,
  type InteractionSigner,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';

let fake: FakeDiscord;
let signer: InteractionSigner;
let server: RunningHttpServer;
let url: string;
const turns: (() => void)[] = [];
const life = new Lifecycle({
  metrics: createMetrics(),
  logQuestions: false,
  queue: { concurrency: 1, maxWaiting: 2, lag: () => 0, schedule: (fn) => turns.push(fn) },
});

beforeAll(async () => {
  fake = await startFakeDiscord();
  signer = createSigner();
  const logger = pino({ level: 'silent' });
  const rest = new REST({ api: fake.restUrl }).setToken(fake.token);
  const core = discordCore({
    commands,
    engine: await engine(),
    services: { recent: new TestRecent() },
    logger,
    cooldown: undefined,
    deferAfterMs: 60_000,
    monitor: life,
  });
  life.state = 'running';
  const http = new HttpServer(logger);
  http.route(
    'POST',
    INTERACTIONS_PATH,
    interactionsEndpoint({ core, publicKey: discordPublicKey(signer.publicKeyHex), rest, logger }),
  );
  server = await http.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${server.port}${INTERACTIONS_PATH}`;
});

afterAll(async () => {
  life.state = 'stopped';
  await server?.close(100);
  await fake?.close();
});

const ask = (question: string, user: string) =>
  chatInputInteraction(fake.context({ user: { ...fake.user, id: user, username: user } }), {
    name: 'ask',
    options: [stringOption('question', question)],
  });

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('a burst on the interactions endpoint', () => {
  test('first answered in its response, the next deferred at once then edited, the third shed', async () => {
    const a = ask('What is an SRBM?', '300000000000000011');
    const b = ask('Who supplied drones to Russia?', '300000000000000012');
    const c = ask('What are the E3 measures?', '300000000000000013');
    const first = deliverInteraction(fake.world, fake.rest, url, a, { signer });
    await settle(); // each request arrives on its own
    let second: Delivery | undefined;
    void deliverInteraction(fake.world, fake.rest, url, b, { signer }).then((d) => {
      second = d;
    });
    let third: Delivery | undefined;
    void deliverInteraction(fake.world, fake.rest, url, c, { signer }).then((d) => {
      third = d;
    });
    for (let i = 0; i < 250 && (second === undefined || third === undefined); i++) await settle();
    // no turn has run yet: nothing was answered, yet both were acknowledged
    expect(second?.status).toBe(200);
    expect(second?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(third?.body).toMatchObject({ type: 4, data: { content: `⚠️ ${BUSY}`, flags: 64 } });
    expect(life.queue.waiting).toBe(2);

    // the turns come: the first answers in its own response, the second through the webhook
    while (turns.length > 0 || life.queue.running > 0) {
      turns.shift()?.();
      await settle();
    }
    const answered = await first;
    expect(answered.body).toMatchObject({ type: 4 });
    const edit = await fake.waitForRequest(
      (r) =>
        r.method === 'PATCH' &&
        r.route === '/webhooks/:appId/:token/messages/:messageId' &&
        r.params.token === b.token,
      5000,
    );
    expect(JSON.stringify(edit.body)).toMatch(/¶\d/u);
    // the shed one's work never ran: nothing was ever sent for its token
    expect(fake.requests((r) => r.params.token === c.token && r.method !== 'POST')).toEqual([]);
  });
});
