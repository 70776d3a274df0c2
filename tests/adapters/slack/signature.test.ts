/**
 * T-S2: Slack's request signature, checked in front of the real Bolt HTTPReceiver on the bot's
 * HTTP server (127.0.0.1): only a correctly signed, fresh request reaches Bolt; everything else
 * gets 401 before any parsing, including timestamps in the future that Bolt alone would accept.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import {
  MAX_SKEW_SECONDS,
  slackSignature,
  verifySlackSignature,
} from '../../../src/adapters/slack/signature.ts';
import { SIGNING_SECRET } from '../../support/fake-slack/index.ts';
import { type SlackHarness, startSlack } from './helpers.ts';

/**
 * The bot's clock for the timestamp window, held at a whole second so a signature made "301 s
 * ahead" is exactly 301 s ahead when checked (a live clock can tick a second in between). Bolt
 * checks old timestamps against its own clock; this one is the real time when the file starts.
 */
const NOW_MS = Math.floor(Date.now() / 1000) * 1000;

let h: SlackHarness;
beforeAll(async () => {
  h = await startSlack(commands, { wallClock: () => NOW_MS });
});
afterAll(() => h.stop());

const form = new URLSearchParams({
  command: '/dossier',
  text: 'help',
  user_id: 'U0000ASKER',
  channel_id: 'C0000GENERAL',
  team_id: 'T0000FAKE',
}).toString();

function signed(offsetSeconds: number, body = form): Record<string, string> {
  const ts = String(NOW_MS / 1000 + offsetSeconds);
  return {
    'x-slack-request-timestamp': ts,
    'x-slack-signature': slackSignature(SIGNING_SECRET, ts, body),
  };
}

function withResponseUrl(): string {
  const { url } = h.fake.newResponseUrl();
  return `${form}&response_url=${encodeURIComponent(url)}`;
}

describe('POST /slack/events signature check', () => {
  test('a valid signature reaches Bolt, which acknowledges with 200', async () => {
    const body = withResponseUrl();
    const r = await h.fake.post(h.eventsUrl, body, signed(0, body));
    expect(r.status).toBe(200);
    await h.fake.until(() => h.fake.responses.length > 0, 5000, 'the help answer');
    expect(h.fake.problems).toEqual([]);
  });

  test.each([
    ['a timestamp 301 s old', -(MAX_SKEW_SECONDS + 1)],
    ['a timestamp 301 s in the future', MAX_SKEW_SECONDS + 1],
  ])('%s is refused with 401', async (_, offset) => {
    const before = h.fake.responses.length;
    const r = await h.fake.post(h.eventsUrl, form, signed(offset));
    expect(r.status).toBe(401);
    expect(h.logs.some((l) => l.msg === 'slack: request refused (signature)')).toBe(true);
    expect(h.fake.responses.length).toBe(before);
  });

  test('a body changed after signing is refused', async () => {
    const headers = signed(0);
    const r = await h.fake.post(h.eventsUrl, form.replace('help', 'hel%70'), headers);
    expect(r.status).toBe(401);
  });

  test.each([
    ['no signature', { 'x-slack-signature': undefined }],
    ['no timestamp', { 'x-slack-request-timestamp': undefined }],
    ['neither header', { 'x-slack-signature': undefined, 'x-slack-request-timestamp': undefined }],
  ])('%s: 401', async (_, drop) => {
    const r = await h.fake.post(h.eventsUrl, form, { ...signed(0), ...drop });
    expect(r.status).toBe(401);
  });

  test('a signed payload nested 1,000 deep is a 400 before Bolt parses it; a JSON body too', async () => {
    const deep = `${'['.repeat(1000)}${']'.repeat(1000)}`;
    const body = new URLSearchParams({
      payload: `{"type":"block_actions","actions":${deep}}`,
    }).toString();
    const r = await h.fake.post(h.eventsUrl, body, signed(0, body));
    expect(r.status).toBe(400);
    expect(r.body).toBe('{"error":"JSON nested too deep"}');
    const json = `{"type":"event_callback","event":${deep}}`;
    const j = await h.fake.post(h.eventsUrl, json, {
      ...signed(0, json),
      'content-type': 'application/json',
    });
    expect(j.status).toBe(400);
  });

  test('another signature version is refused even with the right HMAC', async () => {
    const headers = signed(0);
    const r = await h.fake.post(h.eventsUrl, form, {
      ...headers,
      'x-slack-signature': (headers['x-slack-signature'] ?? '').replace(/^v0=/u, 'v1='),
    });
    expect(r.status).toBe(401);
  });
});

describe('verifySlackSignature', () => {
  const now = 1_700_000_000_000;
  const ts = String(now / 1000);
  const body = Buffer.from('a=1');
  const good = slackSignature(SIGNING_SECRET, ts, body);

  test('names what is wrong', () => {
    const check = (timestamp: string | undefined, signature: string | undefined, b = body) =>
      verifySlackSignature(SIGNING_SECRET, { body: b, timestamp, signature }, now);
    expect(check(ts, good)).toEqual({ ok: true });
    expect(check(undefined, good)).toEqual({ ok: false, reason: 'missing signature headers' });
    expect(check('12a', good)).toEqual({ ok: false, reason: 'malformed timestamp' });
    expect(check(String(now / 1000 - 301), good)).toEqual({
      ok: false,
      reason: 'timestamp too old',
    });
    expect(check(String(now / 1000 + 301), good)).toEqual({
      ok: false,
      reason: 'timestamp in the future',
    });
    expect(check(ts, good.replace('v0=', 'v2='))).toEqual({
      ok: false,
      reason: 'unknown signature version',
    });
    expect(check(ts, `${good}0`)).toEqual({ ok: false, reason: 'signature mismatch' });
    expect(check(ts, good, Buffer.from('a=2'))).toEqual({
      ok: false,
      reason: 'signature mismatch',
    });
    // the edges of the window are inside it
    const at = (offset: number) => {
      const t = String(now / 1000 + offset);
      return verifySlackSignature(
        SIGNING_SECRET,
        { body, timestamp: t, signature: slackSignature(SIGNING_SECRET, t, body) },
        now,
      );
    };
    expect(at(-300)).toEqual({ ok: true });
    expect(at(300)).toEqual({ ok: true });
  });
});
