import { once } from 'node:events';
import { createInflate } from 'node:zlib';
import {
  type ChatInputCommandInteraction,
  type Client,
  DiscordAPIError,
  type Interaction,
  MessageFlags,
  type TextChannel,
} from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import {
  booleanOption,
  buttonRow,
  connectClient,
  DiscordErrors,
  type FakeDiscord,
  faults,
  GatewayOp,
  startFakeDiscord,
  stringOption,
  subcommandOption,
} from './fake-discord/index.ts';
import { patience } from './patience.ts';

const CALLBACK = '/interactions/:id/:token/callback';
const ORIGINAL = '/webhooks/:appId/:token/messages/:messageId';

/** Resolve with the next interaction the client emits (bounded). */
function nextInteraction(client: Client, timeoutMs = 2000): Promise<Interaction> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('interactionCreate', onInteraction);
      reject(new Error(`no interactionCreate within ${patience(timeoutMs)} ms`));
    }, patience(timeoutMs));
    const onInteraction = (interaction: Interaction) => {
      clearTimeout(timer);
      resolve(interaction);
    };
    client.once('interactionCreate', onInteraction);
  });
}

async function nextChatInput(
  client: Client,
  timeoutMs = 2000,
): Promise<ChatInputCommandInteraction> {
  const interaction = await nextInteraction(client, timeoutMs);
  if (!interaction.isChatInputCommand()) throw new Error('expected a chat-input interaction');
  return interaction;
}

describe('fake Discord with the real discord.js Client', () => {
  let fake: FakeDiscord;
  let client: Client<true>;

  beforeAll(async () => {
    fake = await startFakeDiscord({ heartbeatIntervalMs: 1000 });
    client = await connectClient(fake);
  });

  afterAll(async () => {
    await client?.destroy();
    await fake?.close();
  });

  beforeEach(() => {
    fake.reset();
  });

  test('logs in: IDENTIFY then READY, guild and channel cached', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user.id).toBe(fake.applicationId);
    expect(client.application.id).toBe(fake.applicationId);
    const guild = client.guilds.cache.get(fake.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(fake.channelId)?.isTextBased()).toBe(true);
    expect(guild?.members.me?.id).toBe(fake.applicationId);

    const [connection] = fake.gateway.connectionInfo();
    expect(connection?.query).toMatchObject({ v: '10', encoding: 'json' });
  });

  test('the login sequence was GET /gateway/bot, then one IDENTIFY with the token', async () => {
    const other = await startFakeDiscord();
    const c = await connectClient(other);
    try {
      expect(other.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['GET /gateway/bot']);
      const identifies = other.gatewayOps(GatewayOp.Identify);
      expect(identifies).toHaveLength(1);
      expect(identifies[0]?.d).toMatchObject({ token: other.token, intents: 1, shard: [0, 1] });
      expect(other.gatewayOps(GatewayOp.Resume)).toHaveLength(0);
    } finally {
      await c.destroy();
      await other.close();
    }
  });

  test('chat-input reply() posts type 4 with the exact body', async () => {
    const received = nextChatInput(client);
    fake.sendChatInput('ask', [stringOption('question', 'why?'), booleanOption('private', true)]);
    const interaction = await received;
    expect(interaction.commandName).toBe('ask');
    expect(interaction.options.getString('question')).toBe('why?');
    expect(interaction.options.getBoolean('private')).toBe(true);
    expect(interaction.guildId).toBe(fake.guildId);
    expect(interaction.channelId).toBe(fake.channelId);
    expect(interaction.user.id).toBe(fake.user.id);

    await interaction.reply({ content: 'hi' });
    const req = await fake.waitForRequest((r) => r.route === CALLBACK);
    expect(req.method).toBe('POST');
    expect(req.params.id).toBe(interaction.id);
    expect(req.query).toEqual({ with_response: 'false' });
    expect(req.status).toBe(204);
    expect(req.body).toEqual({
      type: 4,
      data: { content: 'hi', tts: false, enforce_nonce: false, allowed_mentions: { parse: [] } },
    });
  });

  test('subcommands resolve through the options resolver', async () => {
    const received = nextChatInput(client);
    fake.sendChatInput('dossier', [subcommandOption('ask', [stringOption('q', 'x')])]);
    const interaction = await received;
    expect(interaction.options.getSubcommand()).toBe('ask');
    expect(interaction.options.getString('q')).toBe('x');
    await interaction.reply({ content: 'ok', flags: MessageFlags.Ephemeral });
    const req = await fake.waitForRequest((r) => r.route === CALLBACK);
    expect(req.body).toMatchObject({ type: 4, data: { content: 'ok', flags: 64 } });
  });

  test('button update() posts type 7 and edits the message it was on', async () => {
    const message = fake.seedMessage({
      content: 'answer',
      components: [buttonRow([{ customId: 'more:1', label: 'More' }])],
    });
    const received = nextInteraction(client);
    fake.sendButton({ customId: 'more:1', message, ephemeral: true });
    const interaction = await received;
    if (!interaction.isButton()) throw new Error('expected a button');
    expect(interaction.customId).toBe('more:1');
    expect(interaction.message.id).toBe(message.id);
    expect(interaction.message.flags.has(MessageFlags.Ephemeral)).toBe(true);

    await interaction.update({ content: 'more answer', components: [] });
    const req = await fake.waitForRequest((r) => r.route === CALLBACK);
    expect(req.body).toMatchObject({ type: 7, data: { content: 'more answer', components: [] } });
    expect(fake.world.messages.get(message.id)?.content).toBe('more answer');
  });

  test('autocomplete respond() posts type 8 with the choices', async () => {
    const received = nextInteraction(client);
    fake.sendAutocomplete({ name: 'ask', options: [stringOption('document', 'han', true)] });
    const interaction = await received;
    if (!interaction.isAutocomplete()) throw new Error('expected autocomplete');
    expect(interaction.options.getFocused(true)).toMatchObject({ name: 'document', value: 'han' });

    await interaction.respond([{ name: 'Handbook', value: 'handbook' }]);
    const req = await fake.waitForRequest((r) => r.route === CALLBACK);
    expect(req.body).toEqual({
      type: 8,
      data: { choices: [{ name: 'Handbook', value: 'handbook' }] },
    });
  });

  test('message context menu command carries the target message', async () => {
    const target = fake.seedMessage({ content: 'What is the leave policy?', author: fake.user });
    const received = nextInteraction(client);
    fake.sendMessageContext({ name: 'Ask Dossier', target });
    const interaction = await received;
    if (!interaction.isMessageContextMenuCommand()) throw new Error('expected message context');
    expect(interaction.targetId).toBe(target.id);
    expect(interaction.targetMessage.content).toBe('What is the leave policy?');
    await interaction.deferReply();
    await fake.waitForRequest((r) => r.route === CALLBACK);
  });

  test('deferReply() then editReply() PATCHes @original', async () => {
    const received = nextChatInput(client);
    fake.sendChatInput('ask');
    const interaction = await received;

    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const deferred = await fake.waitForRequest((r) => r.route === CALLBACK);
    expect(deferred.body).toEqual({ type: 5, data: { flags: 64 } });

    const edited = await interaction.editReply({ content: 'the answer' });
    expect(edited.content).toBe('the answer');
    const patch = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route === ORIGINAL);
    expect(patch.path).toBe(
      `/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`,
    );
    expect(patch.body).toMatchObject({ content: 'the answer' });
    expect(patch.status).toBe(200);

    const follow = await interaction.followUp({ content: 'more' });
    expect(follow.content).toBe('more');
    const post = await fake.waitForRequest(
      (r) => r.method === 'POST' && r.route === '/webhooks/:appId/:token',
    );
    expect(post.query).toEqual({ wait: 'true' });
  });

  test('file uploads arrive as multipart with payload_json parsed into body', async () => {
    const received = nextChatInput(client);
    fake.sendChatInput('export');
    const interaction = await received;
    await interaction.reply({
      content: 'attached',
      files: [{ attachment: Buffer.from('hello file'), name: 'answer.txt' }],
    });
    const req = await fake.waitForRequest((r) => r.route === CALLBACK);
    expect(req.body).toMatchObject({ type: 4, data: { content: 'attached' } });
    expect(req.multipart?.files).toHaveLength(1);
    expect(req.multipart?.files[0]).toMatchObject({ field: 'files[0]', filename: 'answer.txt' });
    expect(req.multipart?.files[0]?.data.toString()).toBe('hello file');
  });

  test('reply({ withResponse: true }) gets the created message back', async () => {
    const received = nextChatInput(client);
    fake.sendChatInput('ask');
    const interaction = await received;
    const response = await interaction.reply({ content: 'with response', withResponse: true });
    expect(response.resource?.message?.content).toBe('with response');
    const req = await fake.waitForRequest((r) => r.route === CALLBACK);
    expect(req.query).toEqual({ with_response: 'true' });
    expect(req.status).toBe(200);
  });

  test('an injected 10062 rejects reply() with DiscordAPIError and the client keeps working', async () => {
    const fault = fake.injectFault({
      method: 'POST',
      route: CALLBACK,
      response: faults.discord(DiscordErrors.unknownInteraction),
    });
    const received = nextChatInput(client);
    fake.sendChatInput('ask');
    const interaction = await received;
    const error = await interaction.reply({ content: 'too late' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ code: 10062, status: 404 });
    expect(fault.hits).toBe(1);

    // The process and client survive: the next interaction is answered normally.
    const again = nextChatInput(client);
    fake.sendChatInput('ask');
    await (await again).reply({ content: 'fine' });
    const ok = await fake.waitForRequest((r) => r.route === CALLBACK && r.status === 204);
    expect(ok.body).toMatchObject({ data: { content: 'fine' } });
  });

  test('a second acknowledgement gets 40060 like Discord', async () => {
    const received = nextChatInput(client);
    const payload = fake.sendChatInput('ask');
    const interaction = await received;
    await interaction.deferReply();
    // Bypass discord.js's own guard by posting the raw callback a second time.
    const error = await client.rest
      .post(`/interactions/${payload.id}/${payload.token}/callback`, {
        body: { type: 4, data: { content: 'again' } },
        auth: false,
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 40060, status: 400 });
  });

  test('a 429 with retry_after is retried by discord.js and then succeeds', async () => {
    fake.injectFault({ method: 'POST', route: CALLBACK, response: faults.rateLimit(0.2) });
    // what discord.js made of the fake's 429 (it logs the wait it then sleeps before the retry;
    // its rateLimited event is only for limits it saw coming)
    const debug: string[] = [];
    const onDebug = (line: string) => debug.push(line);
    client.rest.on('restDebug', onDebug);
    try {
      const received = nextChatInput(client);
      fake.sendChatInput('ask');
      const interaction = await received;
      await interaction.reply({ content: 'eventually' });
    } finally {
      client.rest.off('restDebug', onDebug);
    }
    const calls = fake.requests((r) => r.route === CALLBACK);
    expect(calls.map((r) => r.status)).toEqual([429, 204]);
    expect(calls[0]?.responseBody).toMatchObject({ retry_after: 0.2, global: false });
    const limits = debug.filter((l) => l.includes('Encountered unexpected 429 rate limit'));
    expect(limits).toHaveLength(1);
    // retry_after (0.2 s) plus the safety offset discord.js adds to every wait
    const offset = client.rest.options.offset;
    expect(typeof offset).toBe('number');
    expect(limits[0]).toMatch(new RegExp(`Retry After\\s*: ${200 + Number(offset)}ms`, 'u'));
  });

  test('5xx is retried; a held response waits for its gate', async () => {
    fake.injectFault({ method: 'POST', route: CALLBACK, response: faults.serverError(502) });
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const held = fake.injectFault({ method: 'POST', route: CALLBACK, until: gate });
    const received = nextChatInput(client);
    fake.sendChatInput('ask');
    const interaction = await received;
    let replied = false;
    const reply = interaction.reply({ content: 'after 502' }).then(() => {
      replied = true;
    });
    // the retry arrives and is held (recorded, not answered)
    for (let i = 0; i < 1000 && held.hits === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(held.hits).toBe(1);
    expect(fake.requests((r) => r.route === CALLBACK).map((r) => r.status)).toEqual([
      502,
      undefined,
    ]);
    expect(replied).toBe(false);
    open();
    await reply;
    const calls = fake.requests((r) => r.route === CALLBACK);
    expect(calls.map((r) => r.status)).toEqual([502, 204]);
    expect(calls[1]?.respondedAt).toBeDefined();
  });

  test('channel message POST with the same nonce + enforce_nonce returns the same message', async () => {
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    const first = await channel.send({ content: 'once', nonce: 'n-1', enforceNonce: true });
    const second = await channel.send({ content: 'once', nonce: 'n-1', enforceNonce: true });
    const other = await channel.send({ content: 'twice', nonce: 'n-2', enforceNonce: true });
    expect(second.id).toBe(first.id);
    expect(other.id).not.toBe(first.id);
    const posts = fake.requests((r) => r.route === '/channels/:channelId/messages');
    expect(posts).toHaveLength(3);
    expect(posts[0]?.body).toMatchObject({ content: 'once', nonce: 'n-1', enforce_nonce: true });
    expect(fake.world.messagesIn(fake.channelId).filter((m) => m.content === 'once')).toHaveLength(
      1,
    );
  });

  test('Discord errors on channel posts: unknown channel, missing permissions, too long', async () => {
    const err404 = await client.rest
      .post('/channels/1/messages', { body: { content: 'x' } })
      .catch((e: unknown) => e);
    expect(err404).toMatchObject({ code: 10003, status: 404 });

    fake.injectFault({
      route: '/channels/:id/messages',
      response: faults.discord(DiscordErrors.missingPermissions),
    });
    const channel = client.channels.cache.get(fake.channelId) as TextChannel;
    await expect(channel.send('x')).rejects.toMatchObject({ code: 50013, status: 403 });
    await expect(channel.send('y'.repeat(2001))).rejects.toMatchObject({ code: 50035 });
  });

  test('application commands bulk overwrite echoes ids; GET lists them', async () => {
    const set = await client.application.commands.set([
      { name: 'ask', description: 'Ask a question' },
    ]);
    expect(set.size).toBe(1);
    const put = await fake.waitForRequest((r) => r.method === 'PUT');
    expect(put.path).toBe(`/applications/${fake.applicationId}/commands`);
    const guildSet = await client.application.commands.set(
      [{ name: 'ask', description: 'Ask' }],
      fake.guildId,
    );
    expect(guildSet.first()?.guildId).toBe(fake.guildId);
    const fetched = await client.application.commands.fetch();
    expect([...fetched.values()].map((c) => c.name)).toEqual(['ask']);
  });

  test('unknown routes get a Discord-shaped 404', async () => {
    const error = await client.rest.get('/nope/nothing').catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 404, code: 0 });
  });

  test('dropConnection() makes the client RESUME (op 6), not IDENTIFY again', async () => {
    const identifiesBefore = fake.gatewayOps(GatewayOp.Identify).length;
    const resumed = once(client, 'shardResume');
    await fake.dropConnection({ code: 4000 });
    const resume = await fake.waitForGatewayOp(GatewayOp.Resume, 4000);
    expect(resume.d).toMatchObject({ token: fake.token, session_id: expect.any(String) });
    await resumed;
    expect(fake.gatewayOps(GatewayOp.Identify).length).toBe(identifiesBefore);

    // Events keep flowing after the resume.
    const received = nextChatInput(client);
    fake.sendChatInput('after-resume');
    expect((await received).commandName).toBe('after-resume');
  });

  test('a zombie connection (no HEARTBEAT_ACK) makes the client reconnect and RESUME', async () => {
    fake.setHeartbeatAck(false);
    try {
      const resume = await fake.waitForGatewayOp(GatewayOp.Resume, 5000);
      expect(resume.d).toMatchObject({ token: fake.token });
    } finally {
      fake.setHeartbeatAck(true);
    }
    expect(fake.gatewayOps(GatewayOp.Identify)).toHaveLength(0);
    const received = nextChatInput(client, 3000);
    fake.sendChatInput('after-zombie');
    expect((await received).commandName).toBe('after-zombie');
  });

  test('events dispatched while the socket is down are replayed on RESUME', async () => {
    const received = nextChatInput(client, 4000);
    const resume = fake.waitForGatewayOp(GatewayOp.Resume, 4000);
    await fake.dropConnection({ terminate: true });
    fake.sendChatInput('missed');
    await resume;
    expect((await received).commandName).toBe('missed');
  });
});

test('interactionAckWindowMs: a late initial response gets 10062', async () => {
  const fake = await startFakeDiscord({ interactionAckWindowMs: 100 });
  const client = await connectClient(fake);
  try {
    const received = nextChatInput(client);
    fake.sendChatInput('slow');
    const interaction = await received;
    await new Promise((resolve) => setTimeout(resolve, 150));
    await expect(interaction.reply({ content: 'late' })).rejects.toMatchObject({ code: 10062 });
  } finally {
    await client.destroy();
    await fake.close();
  }
});

test('gateway honours compress=zlib-stream', async () => {
  const fake = await startFakeDiscord();
  const socket = new WebSocket(`${fake.gatewayUrl}/?v=10&encoding=json&compress=zlib-stream`);
  try {
    const inflate = createInflate();
    const text = new Promise<string>((resolve) =>
      inflate.once('data', (c: Buffer) => resolve(c.toString())),
    );
    const [frame] = (await once(socket, 'message')) as [Buffer];
    inflate.write(frame);
    expect(JSON.parse(await text)).toMatchObject({ op: 10, d: { heartbeat_interval: 1000 } });
  } finally {
    socket.terminate();
    await fake.close();
  }
});
