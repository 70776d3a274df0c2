/**
 * L1 over HTTP: 200 signed /ask interactions sent within about a second, spread over two bot
 * instances (two processes of the real entry point, one database, as behind a load balancer), are
 * all answered: every request gets a 200 with a first response (4, or 5 then an edit through the
 * webhook), each with its own question's answer. Whether that is within Discord's 3 s is
 * `npm run bench:http`'s to measure: this test holds on a machine of any speed or load.
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

const QUESTIONS = [
  'How many missiles did Iran send?',
  'Who supplied drones to Russia?',
  'What are the E3 measures?',
  'What is an SRBM?',
];

/** What an answer shows: the HTTP response's message (type 4), or the edit of its deferral. */
function shown(result: Delivery & { token: string }): string | null {
  const body = result.body as { type?: number; data?: Message } | null;
  const edit = fake
    .requests(
      (r) =>
        r.route === ORIGINAL &&
        r.method === 'PATCH' &&
        r.params.token === result.token &&
        r.status !== undefined,
    )
    .at(0);
  const message = (edit?.body ?? (body?.type === 4 ? body.data : undefined)) as Message | undefined;
  if (!message) return null;
  return [
    message.content ?? '',
    ...(message.embeds ?? []).map((e) => `${e.title ?? ''}\n${e.description ?? ''}`),
  ].join('\n');
}

interface Message {
  content?: string;
  embeds?: { title?: string; description?: string }[];
}

test('200 signed /ask interactions in about a second across two instances: all answered, none mixed', async () => {
  const deliveries: Promise<Delivery & { token: string; question: string }>[] = [];
  for (let i = 0; i < 200; i++) {
    // distinct users, so the cooldown does not short-cut the work
    const user = {
      ...fake.user,
      id: String(100_000_000_000_000_000n + BigInt(i)),
      username: `u${i}`,
    };
    const question = QUESTIONS[i % QUESTIONS.length] ?? 'Iran';
    const payload = chatInputInteraction(fake.context({ user }), {
      name: 'ask',
      options: [stringOption('question', question)],
    });
    const url = bots[i % 2]?.url ?? '';
    deliveries.push(
      deliverInteraction(fake.world, fake.rest, url, payload, { signer }).then((d) => ({
        ...d,
        token: payload.token,
        question,
      })),
    );
    // ten batches of 20, about 100 ms apart (how fast they are answered: npm run bench:http)
    if (i % 20 === 19) await sleep(100);
  }
  const results = await Promise.all(deliveries);
  expect(results.map((r) => r.status).filter((s) => s !== 200)).toEqual([]);
  const types = results.map((r) => (r.body as { type?: number }).type);
  expect(types.filter((t) => t !== 4 && t !== 5)).toEqual([]);
  // a deferred one is finished by an edit of its placeholder
  await until(() => results.every((r) => shown(r) !== null), 120_000, 'every answer');
  // none mixed: the same question always got the same answer, and each question its own
  const byQuestion = new Map<string, Set<string>>();
  for (const r of results) {
    const texts = byQuestion.get(r.question) ?? new Set<string>();
    texts.add(shown(r) ?? '');
    byQuestion.set(r.question, texts);
  }
  // an error logged says why an answer differed: checked first, so a failure names it
  for (const b of bots) expect(b.stderr()).not.toMatch(/"level":(50|60)/);
  // a question answered two ways is listed with both texts
  const mixed = [...byQuestion].filter(([, texts]) => texts.size !== 1);
  expect(Object.fromEntries(mixed.map(([q, texts]) => [q, [...texts]]))).toEqual({});
  expect(new Set([...byQuestion.values()].flatMap((t) => [...t])).size).toBe(QUESTIONS.length);
}, 180_000);
