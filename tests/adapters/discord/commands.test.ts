/**
 * The real commands (commands/index.ts) end to end: real engine, real discord.js Client, fake
 * Discord. Expected payloads are the renderer's output for the command's own Reply, so these
 * prove routing, argument parsing, context and the wire format together.
 */
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { commands, findCommand } from '../../../commands/index.ts';
import type { Services } from '../../../commands/services.ts';
import type { ArgsOf, CommandSpec, OptionSpec } from '../../../commands/spec.ts';
import type { Command, CommandContext } from '../../../commands/types.ts';
import { APOLOGY } from '../../../src/adapters/discord/dispatcher.ts';
import { discordPlatform } from '../../../src/adapters/discord/platform.ts';
import { renderReply } from '../../../src/adapters/discord/render.ts';
import type { Engine } from '../../../src/answer/engine.ts';
import type { Reply } from '../../../src/answer/reply.ts';
import { visibleSpecs } from '../../../src/interactions/spec-rules.ts';
import {
  booleanOption,
  buttonRow,
  type FakeDiscord,
  integerOption,
  startFakeDiscord,
  stringOption,
  subcommandOption,
} from '../../support/fake-discord/index.ts';
import {
  callbackFor,
  engine,
  type Harness,
  messageBodies,
  startAdapter,
  TestRecent,
} from './helpers.ts';

const QUESTION = 'How many missiles did Iran send to Russia?';
type Vote = Parameters<NonNullable<Services['feedback']>['record']>[0];

function must(name: string): Command {
  const command = findCommand(name);
  if (!command) throw new Error(`no command ${name}`);
  return command;
}

describe('real commands through the Discord adapter', () => {
  let fake: FakeDiscord;
  let h: Harness;
  let eng: Engine;
  const recent = new TestRecent();
  const votes: Vote[] = [];

  beforeAll(async () => {
    fake = await startFakeDiscord();
    eng = await engine();
    h = await startAdapter(fake, commands, {
      services: {
        recent,
        feedback: {
          record: async (v) => {
            votes.push(v);
          },
        },
        unanswered: { record: async () => undefined },
      },
    });
  });
  afterAll(async () => {
    await h?.stop();
    await fake?.close();
  });
  beforeEach(() => {
    fake.reset();
    recent.entries.clear();
    votes.length = 0;
  });

  /** What the command itself replies for these args, as the callback body Discord receives. */
  async function expectedCallback(name: string, args: Record<string, unknown>): Promise<unknown> {
    const ctx: CommandContext = {
      platform: discordPlatform,
      user: { id: fake.user.id, name: 'Alice' },
      guildId: fake.guildId,
      channelId: fake.channelId,
      permissions: [],
      visibility: 'private',
      locale: 'en-US',
      commands: visibleSpecs(commands, discordPlatform, []),
      engine: eng,
      services: { recent: new TestRecent() },
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
      channelOwner: async () => ({ found: true, guildId: fake.guildId }),
    };
    const reply: Reply = await must(name).execute(ctx, args as ArgsOf<CommandSpec>);
    return wire(reply);
  }

  function wire(reply: Reply, type = 4): unknown {
    const r = renderReply(reply);
    return {
      type,
      data: {
        tts: false,
        enforce_nonce: false,
        ...(r.ephemeral ? { flags: 64 } : {}),
        ...(r.content === undefined ? {} : { content: r.content }),
        embeds: r.embeds,
        components: r.components,
        allowed_mentions: { parse: [], replied_user: false },
      },
    };
  }

  test('/help', async () => {
    const p = fake.sendChatInput('help');
    expect((await callbackFor(fake, p.id)).body).toEqual(await expectedCallback('help', {}));
  });

  test('/sources', async () => {
    const p = fake.sendChatInput('sources');
    expect((await callbackFor(fake, p.id)).body).toEqual(await expectedCallback('sources', {}));
  });

  test('/ask answers privately with cited passages, bold sentences and a Share button', async () => {
    const p = fake.sendChatInput('ask', [stringOption('question', QUESTION)]);
    const body = (await callbackFor(fake, p.id)).body;
    expect(body).toEqual(await expectedCallback('ask', { question: QUESTION }));
    const data = (
      body as { data: { flags: number; embeds: { description: string }[]; components: unknown[] } }
    ).data;
    expect(data.flags).toBe(64);
    expect(data.embeds[0]?.description).toMatch(/\*\*.+\*\*/);
    expect(data.embeds[0]?.description).toContain('[1] ');
    expect(JSON.stringify(data.components)).toContain('"custom_id":"ask:share:k1"');
    expect(await recent.get('k1')).toMatchObject({ question: QUESTION, userId: fake.user.id });
  });

  test('Share in channel posts a NEW public message; the private one is untouched', async () => {
    fake.sendChatInput('ask', [stringOption('question', QUESTION)]);
    await fake.waitForRequest((r) => r.route === '/interactions/:id/:token/callback');
    const priv = fake.seedMessage({
      content: 'private answer',
      flags: 64,
      components: [buttonRow([{ customId: 'ask:share:k1', label: 'Share in channel' }])],
    });
    const before = fake.world.messagesIn(fake.channelId).length;
    const press = fake.sendButton({ customId: 'ask:share:k1', message: priv, ephemeral: true });
    const body = (await callbackFor(fake, press.id)).body as {
      type: number;
      data: { flags?: number; embeds: { footer?: { text: string } }[] };
    };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBeUndefined();
    expect(body.data.embeds[0]?.footer?.text).toBe('Shared by Alice');
    expect(fake.world.messagesIn(fake.channelId).length).toBe(before + 1);
    expect(fake.world.messages.get(priv.id)?.content).toBe('private answer');
  });

  test('feedback buttons on a public answer reach the command and the feedback sink', async () => {
    const p = fake.sendChatInput('ask', [
      stringOption('question', QUESTION),
      booleanOption('private', false),
    ]);
    const body = (await callbackFor(fake, p.id)).body as {
      data: { flags?: number; components: unknown[] };
    };
    expect(body.data.flags).toBeUndefined();
    expect(JSON.stringify(body.data.components)).toContain('ask:up:k1');
    const msg = fake.seedMessage({ content: 'public answer' });
    const press = fake.sendButton({ customId: 'ask:up:k1', message: msg });
    const ack = (await callbackFor(fake, press.id)).body;
    expect(ack).toMatchObject({
      type: 4,
      data: { flags: 64, embeds: [{ description: 'ℹ️ Thanks, your vote was recorded.' }] },
    });
    expect(votes).toEqual([
      expect.objectContaining({
        platform: 'discord',
        answerKey: 'k1',
        userId: fake.user.id,
        question: QUESTION,
        vote: 1,
      }),
    ]);
  });

  test('/source with previous/next buttons editing the same message (type 7)', async () => {
    const [p1, p2] = eng.corpus.paragraphs;
    if (!p1 || !p2) throw new Error('corpus too small');
    const p = fake.sendChatInput('source', [stringOption('id', p1.id)]);
    expect((await callbackFor(fake, p.id)).body).toEqual(
      await expectedCallback('source', { id: p1.id }),
    );

    const msg = fake.seedMessage({
      content: '',
      flags: 64,
      components: [buttonRow([{ customId: `source:${p2.id}`, label: 'Next' }])],
    });
    const next = fake.sendButton({ customId: `source:${p2.id}`, message: msg, ephemeral: true });
    const nextBody = (await callbackFor(fake, next.id)).body as {
      type: number;
      data: { embeds: { footer: { text: string } }[]; components: unknown[] };
    };
    expect(nextBody.type).toBe(7);
    expect(nextBody.data.embeds[0]?.footer.text).toContain(p2.id);
    expect(JSON.stringify(nextBody.data.components)).toContain(`"custom_id":"source:${p1.id}"`);
    expect(fake.world.messages.get(msg.id)?.embeds[0]?.footer?.text).toContain(p2.id);

    const prev = fake.sendButton({ customId: `source:${p1.id}`, message: msg, ephemeral: true });
    const prevBody = (await callbackFor(fake, prev.id)).body as {
      type: number;
      data: { embeds: { footer: { text: string } }[] };
    };
    expect(prevBody.type).toBe(7);
    expect(prevBody.data.embeds[0]?.footer.text).toContain(p1.id);
  });

  test('"Read around" on an answer opens a new private passage view', async () => {
    const id = eng.corpus.paragraphs[3]?.id ?? '';
    const msg = fake.seedMessage({ content: 'answer' });
    const press = fake.sendButton({ customId: `source:open:${id}`, message: msg });
    const body = (await callbackFor(fake, press.id)).body as {
      type: number;
      data: { flags: number; embeds: { footer: { text: string } }[] };
    };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.embeds[0]?.footer.text).toContain(id);
  });

  test('the "Find in sources" message command looks up the message text', async () => {
    const target = fake.seedMessage({
      content: 'Iran supplied Russia with ballistic missiles',
      author: fake.user,
    });
    const p = fake.sendMessageContext({ name: 'Find in sources', target });
    expect((await callbackFor(fake, p.id)).body).toEqual(
      await expectedCallback('Find in sources', { message: target.content, messageId: target.id }),
    );
  });

  test('/ask autocomplete suggests documents within the limits', async () => {
    const p = fake.sendAutocomplete({
      name: 'ask',
      options: [stringOption('question', 'x'), stringOption('document', '', true)],
    });
    const body = (await callbackFor(fake, p.id)).body as {
      type: number;
      data: { choices: { name: string; value: string }[] };
    };
    expect(body.type).toBe(8);
    expect(body.data.choices.map((c) => c.value)).toEqual(
      eng.corpus.documents.map((d) => d.slug).slice(0, 25),
    );
    for (const c of body.data.choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  test('/ask with a 301-character question is refused privately by the adapter', async () => {
    const p = fake.sendChatInput('ask', [stringOption('question', 'a'.repeat(301))]);
    expect((await callbackFor(fake, p.id)).body).toMatchObject({
      type: 4,
      data: { flags: 64, content: expect.stringContaining('too long') },
    });
    expect(recent.entries.size).toBe(0);
  });

  /** A plausible value for an option, so every command can be dispatched. */
  function sample(option: OptionSpec) {
    switch (option.type) {
      case 'string':
        return stringOption(
          option.name,
          option.choices?.[0]?.value ??
            (option.name === 'time'
              ? '09:00'
              : option.name === 'timezone'
                ? 'Europe/Berlin'
                : 'Iran'),
        );
      case 'integer':
        return integerOption(option.name, option.min ?? 1);
      case 'boolean':
        return booleanOption(option.name, true);
      case 'channel':
        return { name: option.name, type: 7, value: fake.channelId } as const;
      case 'role':
        return { name: option.name, type: 8, value: fake.guildId } as const;
    }
  }

  test('every command in the registry answers (no apology, mentions off)', async () => {
    const sent: { name: string; id: string }[] = [];
    for (const command of commands) {
      if (command.spec.kind === 'message') {
        const target = fake.seedMessage({ content: 'drones', author: fake.user });
        sent.push({
          name: command.spec.name,
          id: fake.sendMessageContext({ name: command.spec.name, target }).id,
        });
        continue;
      }
      const first = command.spec.options[0];
      const options =
        first?.type === 'subcommand'
          ? [subcommandOption(first.name, first.options.filter((o) => o.required).map(sample))]
          : command.spec.options
              .filter((o): o is OptionSpec => o.type !== 'subcommand' && o.required === true)
              .map(sample);
      sent.push({ name: command.spec.name, id: fake.sendChatInput(command.spec.name, options).id });
    }
    for (const { name, id } of sent) {
      const req = await callbackFor(fake, id, 5000);
      expect([4, 5], name).toContain((req.body as { type: number }).type);
      expect(JSON.stringify(req.body), name).not.toContain(APOLOGY);
    }
    for (const { body } of messageBodies(fake))
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });
});
