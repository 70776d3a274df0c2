/**
 * L1 over HTTP: 200 signed /ask interactions within one second, spread over two bot instances
 * (two processes of the real entry point, one database, as behind a load balancer), are all
 * answered: every request gets a 200 with a first response (4, or 5 then an edit through the
 * webhook) in time for Discord.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
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
import { ORIGINAL, sleep, until } from './helpers.ts';
import { type HttpInstance, startHttpInstance } from './http-process.ts';

let fake: FakeDiscord;
let signer: InteractionSigner;
let dir: string;
let bots: HttpInstance[] = [];

beforeAll(async () => {
  fake = await startFakeDiscord();
  signer = createSigner();
  dir = mkdtempSync(join(tmpdir(), 'dossier-http-load-'));
  const env = {
    DISCORD_TOKEN: fake.token,
    DISCORD_API_URL: fake.restUrl,
    DISCORD_PUBLIC_KEY: signer.publicKeyHex,
    DATABASE_PATH: join(dir, 'bot.db'),
    LOG_LEVEL: 'warn',
  };
  // the first creates the database; the second opens it
  bots = [await startHttpInstance(env)];
  bots.push(await startHttpInstance(env));
}, 120_000);
afterAll(async () => {
  const codes = await Promise.all(bots.map((b) => b.stop()));
  expect(codes).toEqual(bots.map(() => 0));
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('200 signed /ask interactions in one second across two instances: all answered', async () => {
  const questions = [
    'How many missiles did Iran send?',
    'Who supplied drones to Russia?',
    'What are the E3 measures?',
    'What is an SRBM?',
  ];
  const deliveries: Promise<Delivery & { token: string }>[] = [];
  const started = Date.now();
  for (let i = 0; i < 200; i++) {
    // distinct users, so the cooldown does not short-cut the work
    const user = {
      ...fake.user,
      id: String(100_000_000_000_000_000n + BigInt(i)),
      username: `u${i}`,
    };
    const payload = chatInputInteraction(fake.context({ user }), {
      name: 'ask',
      options: [stringOption('question', questions[i % questions.length] ?? 'Iran')],
    });
    const url = bots[i % 2]?.url ?? '';
    deliveries.push(
      deliverInteraction(fake.world, fake.rest, url, payload, { signer }).then((d) => ({
        ...d,
        token: payload.token,
      })),
    );
    // ten batches on a fixed schedule: a delayed batch does not delay the ones after it
    if (i % 20 === 19) await sleep(Math.max(0, started + ((i + 1) / 20) * 95 - Date.now()));
  }
  expect(Date.now() - started).toBeLessThan(1500);
  const results = await Promise.all(deliveries);
  expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
  const types = results.map((r) => (r.body as { type?: number }).type);
  expect(types.filter((t) => t !== 4 && t !== 5)).toEqual([]);
  // a deferred one is finished by an edit of its placeholder
  const deferred = results.filter((r) => (r.body as { type?: number }).type === 5);
  await until(
    () =>
      deferred.every((r) =>
        fake
          .requests()
          .some((q) => q.route === ORIGINAL && q.method === 'PATCH' && q.params.token === r.token),
      ),
    15_000,
    'the deferred answers',
  );
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
  const p99 = sorted[Math.floor(sorted.length * 0.99) - 1] ?? Number.NaN;
  // Informational; Discord's own limit for the first response is 3 s.
  process.stdout.write(
    `http load: ${deferred.length} deferred, p99 ${p99.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms\n`,
  );
  expect(sorted.at(-1)).toBeLessThan(3000);
  for (const b of bots) expect(b.stderr()).not.toMatch(/"level":(50|60)/);
}, 60_000);
