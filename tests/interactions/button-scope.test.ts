/**
 * Buttons that read a stored question (Share, 👍/👎, a timeline page by key) work only where they
 * were made: the same platform and server, and for a private answer the same user. Pressed
 * anywhere else, or carrying a key stored before questions had a place, they are refused with
 * the stale-button reply, privately, and nothing is shared, voted or recorded.
 */
import pino from 'pino';
import { beforeEach, describe, expect, test } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { FeedbackSink, Services, UnansweredSink } from '../../commands/services.ts';
import { discordPlatform } from '../../src/adapters/discord/platform.ts';
import { slackPlatform } from '../../src/adapters/slack/platform.ts';
import type { Reply } from '../../src/answer/reply.ts';
import { createInteractionCore } from '../../src/interactions/core.ts';
import type { Caller } from '../../src/interactions/invocation.ts';
import { STALE_BUTTON } from '../../src/interactions/notices.ts';
import type { PlatformProfile } from '../../src/interactions/platform.ts';
import { MemoryRecentQuestions } from '../../src/storage/recent.ts';
import { engine } from '../support/engine.ts';
import { FakeResponder } from '../support/responder.ts';

const eng = await engine();
const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';
const ALICE = { id: '300000000000000001', name: 'alice' };
const BOB = { id: '300000000000000002', name: 'bob' };

let recent: MemoryRecentQuestions;
let votes: Parameters<FeedbackSink['record']>[0][];
let unanswered: Parameters<UnansweredSink['record']>[0][];
let services: Services;

beforeEach(() => {
  recent = new MemoryRecentQuestions();
  votes = [];
  unanswered = [];
  services = {
    recent,
    feedback: { record: async (v) => void votes.push(v) },
    unanswered: { record: async (u) => void unanswered.push(u) },
  };
});

function core(platform: PlatformProfile) {
  return createInteractionCore({
    commands,
    engine: eng,
    services,
    logger: pino({ level: 'silent' }),
    platform,
    cooldown: null,
    deferAfterMs: null,
  });
}

const who = (user: { id: string; name: string }, guildId: string | null): Caller => ({
  id: 'i1',
  user,
  place: { guildId, channelId: '200000000000000001' },
  permissions: [],
  locale: null,
});

async function ask(question: string, visibility: 'private' | 'public'): Promise<Reply> {
  const responder = new FakeResponder();
  await core(discordPlatform).command(
    {
      ...who(ALICE, GUILD),
      kind: 'chat',
      name: 'ask',
      options: { values: { question, private: visibility === 'private' } },
    },
    responder,
  );
  const shown = responder.shown();
  if (shown?.kind !== 'message') throw new Error('no answer');
  return shown;
}

const buttonIds = (reply: Reply) =>
  reply.kind === 'message' ? reply.actions.map((a) => a.id) : [];

async function press(
  customId: string,
  user: { id: string; name: string },
  guildId: string | null,
  platform: PlatformProfile = discordPlatform,
): Promise<FakeResponder> {
  const responder = new FakeResponder();
  await core(platform).button({ ...who(user, guildId), customId }, responder);
  return responder;
}

const refused = (r: FakeResponder) => {
  expect(r.methods()).toEqual(['reply']);
  expect(r.shown()).toEqual({ kind: 'error', text: STALE_BUTTON });
};

describe('buttons reading a stored question', () => {
  test('Share on a private answer: only its asker, in its server, on its platform', async () => {
    const share = buttonIds(await ask('What is an SRBM?', 'private')).find((id) =>
      id.startsWith('ask:share:'),
    );
    expect(share).toBeDefined();
    const id = share ?? '';
    refused(await press(id, BOB, GUILD));
    refused(await press(id, ALICE, OTHER_GUILD));
    refused(await press(id, ALICE, null));
    refused(await press(id, ALICE, GUILD, slackPlatform));
    const own = await press(id, ALICE, GUILD);
    const shared = own.shown();
    expect(shared?.kind === 'message' && shared.visibility).toBe('public');
  });

  test('👍 on a public answer: anyone in its server; nobody elsewhere, and no vote recorded', async () => {
    const up = buttonIds(await ask('What is an SRBM?', 'public')).find((id) =>
      id.startsWith('ask:up:'),
    );
    const id = up ?? '';
    refused(await press(id, BOB, OTHER_GUILD));
    refused(await press(id, BOB, GUILD, slackPlatform));
    expect(votes).toEqual([]);
    const ok = await press(id, BOB, GUILD);
    expect(JSON.stringify(ok.shown())).toContain('your vote was recorded');
    expect(votes).toHaveLength(1);
  });

  test('a shared question asked again from elsewhere is not added to that server’s gaps', async () => {
    const share = buttonIds(await ask('What is the airspeed of a swallow?', 'private')).find((id) =>
      id.startsWith('ask:share:'),
    );
    unanswered.length = 0;
    refused(await press(share ?? '', ALICE, OTHER_GUILD));
    expect(unanswered).toEqual([]);
  });

  test('a timeline page by key: only in its server (and, private, for its asker)', async () => {
    // what /timeline stores for a query too long for a button id (here: every event)
    const key = await recent.remember({
      question: '',
      passageIds: [],
      userId: ALICE.id,
      scope: { platform: 'discord', guildId: GUILD, userId: ALICE.id },
    });
    refused(await press(`timeline:1:~${key}`, ALICE, OTHER_GUILD));
    refused(await press(`timeline:share:1:~${key}`, BOB, GUILD));
    expect((await press(`timeline:1:~${key}`, ALICE, GUILD)).methods()).toEqual(['update']);
  });

  test('a key stored before questions had a place is refused, never trusted', async () => {
    const key = await recent.remember({
      question: 'What is an SRBM?',
      passageIds: [],
      userId: ALICE.id,
      scope: null,
    });
    refused(await press(`ask:share:${key}`, ALICE, GUILD));
    refused(await press(`ask:up:${key}`, ALICE, GUILD));
  });

  test('an unknown or expired key still says the answer expired', async () => {
    const r = await press('ask:share:nothere', ALICE, GUILD);
    expect(JSON.stringify(r.shown())).toContain('This answer has expired');
  });
});
