/**
 * Login that never completes ends in one DiscordLoginError and no unhandled rejection: an API
 * that accepts connections but never answers, a gateway that refuses them, a 429 asking for an
 * hour. (A rejected ready timer used to go unhandled while login() was still pending.)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordLoginError } from '../../../src/adapters/discord/client.ts';
import { type FakeDiscord, faults, startFakeDiscord } from '../../support/fake-discord/index.ts';
import { runScript } from '../../support/scripts.ts';
import { startAdapter } from './helpers.ts';

describe('a login that cannot complete', () => {
  let fake: FakeDiscord;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  beforeEach(async () => {
    unhandled.length = 0;
    process.on('unhandledRejection', onUnhandled);
    fake = await startFakeDiscord();
  });
  afterEach(async () => {
    await fake.close();
    // a rejection left unhandled is reported on a later turn of the event loop
    await new Promise((resolve) => setTimeout(resolve, 200));
    process.off('unhandledRejection', onUnhandled);
    expect(unhandled).toEqual([]);
  });

  async function loginError(): Promise<DiscordLoginError> {
    const error = await startAdapter(fake, [], { readyTimeoutMs: 1000 }).then(
      () => new Error('login succeeded'),
      (e: unknown) => e,
    );
    if (!(error instanceof DiscordLoginError)) throw error;
    expect(error.message).not.toContain('\n');
    return error;
  }

  it('API accepts the connection and never answers', async () => {
    fake.injectFault({ route: '/gateway/bot', delayMs: 120_000, times: Infinity });
    expect((await loginError()).message).toBe('Discord did not become ready within 1000 ms.');
  });

  it('the gateway refuses connections', async () => {
    await fake.gateway.close();
    expect((await loginError()).message).toMatch(
      /^(Discord did not become ready within 1000 ms\.|Could not connect to Discord \(.*\): .*)$/u,
    );
  });

  it('a 429 asks to wait an hour', async () => {
    fake.injectFault({ route: '/gateway/bot', response: faults.rateLimit(3600), times: Infinity });
    expect((await loginError()).message).toBe(
      'Discord is rate-limiting this bot: it asked to wait 60 min before logging in again. Wait, and check that no other copy of the bot keeps restarting with the same token.',
    );
  });
});

describe('npm start against a Discord that rate-limits login for an hour', () => {
  it('prints one line and exits 1 at once', async () => {
    const fake = await startFakeDiscord();
    fake.injectFault({ route: '/gateway/bot', response: faults.rateLimit(3600), times: Infinity });
    const dir = await mkdtemp(join(tmpdir(), 'dossier-login-'));
    try {
      const { code, stderr } = await runScript('src/main.ts', [], {
        env: {
          PATH: process.env.PATH ?? '',
          DISCORD_TOKEN: fake.token,
          DISCORD_API_URL: fake.restUrl,
          CORPUS_DIR: 'corpus',
          SNAPSHOT_DIR: 'off',
          SEMANTICS_DIR: 'off',
          DATABASE_PATH: join(dir, 'dossier.db'),
          LOG_LEVEL: 'silent',
        },
      });
      expect(stderr).toBe(
        'dossier: Discord is rate-limiting this bot: it asked to wait 60 min before logging in again. Wait, and check that no other copy of the bot keeps restarting with the same token.\n',
      );
      expect(code).toBe(1);
    } finally {
      await fake.close();
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
