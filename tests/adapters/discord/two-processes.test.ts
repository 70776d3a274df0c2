/**
 * T-D4: two processes on one token (a rolling deploy, a stray second instance) both receive every
 * interaction. Discord accepts the first response and answers the second with 40060; the loser must
 * stay quiet and alive, and the user sees one answer.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { defineCommand } from '../../../commands/types.ts';
import {
  type FakeDiscord,
  startFakeDiscord,
  stringOption,
} from '../../support/fake-discord/index.ts';
import { CALLBACK, type Harness, startAdapter, until } from './helpers.ts';

const echo = defineCommand({
  spec: {
    name: 'echo',
    description: 'Echo',
    kind: 'chat',
    options: [{ type: 'string', name: 'q', description: 'q' }],
  },
  execute: (_ctx, args) => ({
    kind: 'message',
    visibility: 'public',
    blocks: [{ type: 'text', spans: [{ text: `echo ${args.q ?? ''}` }] }],
    actions: [],
  }),
});

describe('two processes sharing one bot token', () => {
  let fake: FakeDiscord;
  let a: Harness;
  let b: Harness;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    fake = await startFakeDiscord();
    a = await startAdapter(fake, [echo]);
    b = await startAdapter(fake, [echo]);
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await fake?.close();
    process.off('unhandledRejection', onUnhandled);
  });

  test('each interaction is answered once; the other process logs 40060 quietly and keeps serving', async () => {
    for (const q of ['one', 'two', 'three']) {
      const payload = fake.sendChatInput('echo', [stringOption('q', q)]);
      const callbacks = () =>
        fake.requests(
          (r) => r.route === CALLBACK && r.params.id === payload.id && r.respondedAt !== undefined,
        );
      await until(() => callbacks().length === 2, 4000, `both processes to respond to ${q}`);
      const statuses = callbacks().map((r) => r.status ?? 0);
      expect(statuses.filter((s) => s > 0 && s < 300)).toHaveLength(1);
      expect(statuses.filter((s) => s === 400)).toHaveLength(1);
      const accepted = callbacks().find((r) => (r.status ?? 0) < 300);
      expect(accepted?.body).toMatchObject({ type: 4, data: { allowed_mentions: { parse: [] } } });
    }
    const errorLogs = [...a.logs, ...b.logs].filter((l) => l.level >= 50);
    expect(errorLogs).toEqual([]);
    expect(unhandled).toEqual([]);
  });
});
