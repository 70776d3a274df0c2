/** deploy-commands: the JSON built from the specs, Discord's rules checked first, PUT to the fake. */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { commands } from '../../../commands/index.ts';
import type { CommandSpec } from '../../../commands/spec.ts';
import {
  buildCommandsJson,
  CommandValidationError,
  DeployError,
  deployCommands,
  interactionsEndpointHint,
  validateSpecs,
} from '../../../src/adapters/discord/deploy.ts';
import { type FakeDiscord, startFakeDiscord } from '../../support/fake-discord/index.ts';
import { runScript } from '../../support/scripts.ts';

const specs: CommandSpec[] = [
  {
    name: 'ask',
    description: 'Ask a question',
    kind: 'chat',
    options: [
      {
        type: 'string',
        name: 'question',
        description: 'Your question',
        required: true,
        maxLength: 300,
        autocomplete: true,
      },
      {
        type: 'string',
        name: 'tone',
        description: 'Tone',
        choices: [{ name: 'Short', value: 'short' }],
      },
      { type: 'integer', name: 'count', description: 'How many', min: 1, max: 5 },
      { type: 'boolean', name: 'private', description: 'Only you see it' },
    ],
  },
  {
    name: 'daily',
    description: 'Daily fact',
    kind: 'chat',
    permission: 'manageServer',
    options: [
      {
        type: 'subcommand',
        name: 'set',
        description: 'Set it',
        options: [
          { type: 'channel', name: 'channel', description: 'Where', required: true },
          { type: 'string', name: 'time', description: 'HH:MM' },
        ],
      },
      { type: 'subcommand', name: 'off', description: 'Stop', options: [] },
    ],
  },
  { name: 'Find in sources', description: '', kind: 'message', options: [] },
];

const expectedBody = [
  {
    type: 1,
    name: 'ask',
    description: 'Ask a question',
    options: [
      {
        type: 3,
        name: 'question',
        description: 'Your question',
        required: true,
        max_length: 300,
        autocomplete: true,
      },
      { type: 3, name: 'tone', description: 'Tone', choices: [{ name: 'Short', value: 'short' }] },
      { type: 4, name: 'count', description: 'How many', min_value: 1, max_value: 5 },
      { type: 5, name: 'private', description: 'Only you see it' },
    ],
  },
  {
    type: 1,
    name: 'daily',
    description: 'Daily fact',
    default_member_permissions: '32',
    contexts: [0],
    options: [
      {
        type: 1,
        name: 'set',
        description: 'Set it',
        options: [
          { type: 7, name: 'channel', description: 'Where', required: true, channel_types: [0, 5] },
          { type: 3, name: 'time', description: 'HH:MM' },
        ],
      },
      { type: 1, name: 'off', description: 'Stop', options: [] },
    ],
  },
  { type: 3, name: 'Find in sources' },
];

describe('deploy-commands', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  test('builds the exact JSON and PUTs it to the guild (application id looked up from the token)', async () => {
    const result = await deployCommands({
      token: fake.token,
      apiUrl: fake.restUrl,
      guildId: fake.guildId,
      specs,
    });
    expect(result).toEqual({
      scope: 'guild',
      applicationId: fake.applicationId,
      guildId: fake.guildId,
      names: ['ask', 'daily', 'Find in sources'],
    });
    const put = fake.requests((r) => r.method === 'PUT');
    expect(put).toHaveLength(1);
    expect(put[0]?.path).toBe(
      `/applications/${fake.applicationId}/guilds/${fake.guildId}/commands`,
    );
    expect(put[0]?.body).toEqual(expectedBody);
    expect(put[0]?.headers.authorization).toBe(`Bot ${fake.token}`);
  });

  test('globally when no guild is given, with a known application id (no lookup)', async () => {
    await deployCommands({
      token: fake.token,
      apiUrl: fake.restUrl,
      applicationId: fake.applicationId,
      specs,
    });
    expect(fake.requests().map((r) => `${r.method} ${r.path}`)).toEqual([
      `PUT /applications/${fake.applicationId}/commands`,
    ]);
    expect([...fake.world.globalCommands.values()].map((c) => c.name)).toEqual([
      'ask',
      'daily',
      'Find in sources',
    ]);
  });

  test('the real registry passes validation and deploys', async () => {
    const body = buildCommandsJson(commands.map((c) => c.spec));
    expect(body.length).toBe(commands.length);
    const result = await deployCommands({
      token: fake.token,
      apiUrl: fake.restUrl,
      guildId: fake.guildId,
      specs: commands.map((c) => c.spec),
    });
    expect(result.names).toEqual(commands.map((c) => c.spec.name));
    const ask = body.find((c) => c.name === 'ask');
    expect(ask).toMatchObject({
      options: expect.arrayContaining([
        expect.objectContaining({ name: 'question', max_length: 300, required: true }),
      ]),
    });
  });

  test.each([
    [
      'uppercase chat name',
      { name: 'Ask', description: 'd', kind: 'chat', options: [] },
      'must be lowercase',
    ],
    [
      'space in chat name',
      { name: 'ask me', description: 'd', kind: 'chat', options: [] },
      'must be 1-32 letters',
    ],
    [
      '33-char name',
      { name: 'a'.repeat(33), description: 'd', kind: 'chat', options: [] },
      'must be 1-32',
    ],
    [
      'empty description',
      { name: 'ask', description: '', kind: 'chat', options: [] },
      'description must be 1-100',
    ],
    [
      '101-char description',
      { name: 'ask', description: 'd'.repeat(101), kind: 'chat', options: [] },
      'description must be 1-100',
    ],
    [
      'required after optional',
      {
        name: 'ask',
        description: 'd',
        kind: 'chat',
        options: [
          { type: 'boolean', name: 'a', description: 'a' },
          { type: 'string', name: 'b', description: 'b', required: true },
        ],
      },
      'required options must come before optional ones',
    ],
    [
      '26 options',
      {
        name: 'ask',
        description: 'd',
        kind: 'chat',
        options: Array.from({ length: 26 }, (_, i) => ({
          type: 'boolean',
          name: `o${i}`,
          description: 'x',
        })),
      },
      '26 options (at most 25)',
    ],
    [
      '26 choices',
      {
        name: 'ask',
        description: 'd',
        kind: 'chat',
        options: [
          {
            type: 'string',
            name: 'c',
            description: 'c',
            choices: Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })),
          },
        ],
      },
      '26 choices (at most 25)',
    ],
    [
      'choices with autocomplete',
      {
        name: 'ask',
        description: 'd',
        kind: 'chat',
        options: [
          {
            type: 'string',
            name: 'c',
            description: 'c',
            autocomplete: true,
            choices: [{ name: 'a', value: 'a' }],
          },
        ],
      },
      'autocomplete and choices cannot be combined',
    ],
    [
      'context menu with description',
      { name: 'Find', description: 'nope', kind: 'message', options: [] },
      'empty description',
    ],
    [
      'context menu 33 chars',
      { name: 'F'.repeat(33), description: '', kind: 'message', options: [] },
      'name must be 1-32 characters',
    ],
    [
      'mixed subcommands',
      {
        name: 'x',
        description: 'd',
        kind: 'chat',
        options: [
          { type: 'subcommand', name: 's', description: 's', options: [] },
          { type: 'boolean', name: 'b', description: 'b' },
        ],
      },
      'cannot be mixed',
    ],
    [
      'bad maxLength',
      {
        name: 'x',
        description: 'd',
        kind: 'chat',
        options: [{ type: 'string', name: 's', description: 's', maxLength: 0 }],
      },
      'maxLength must be an integer 1-6000',
    ],
  ] satisfies [string, CommandSpec, string][])(
    'rejects %s before sending anything',
    async (_label, spec, problem) => {
      expect(validateSpecs([spec]).join('\n')).toContain(problem);
      const error = await deployCommands({
        token: fake.token,
        apiUrl: fake.restUrl,
        guildId: fake.guildId,
        specs: [spec],
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CommandValidationError);
      expect(fake.requests()).toHaveLength(0);
    },
  );

  test('duplicate names are rejected; a chat and a message command may share a name', () => {
    const a: CommandSpec = { name: 'ask', description: 'd', kind: 'chat', options: [] };
    expect(validateSpecs([a, a])).toEqual(['ask: two commands of the same kind have this name']);
    expect(
      validateSpecs([a, { name: 'ask', description: '', kind: 'message', options: [] }]),
    ).toEqual([]);
  });

  test('a bad token ends with a clear DeployError', async () => {
    const error = await deployCommands({
      token: 'bad.token',
      apiUrl: fake.restUrl,
      guildId: fake.guildId,
      specs,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeployError);
    expect((error as Error).message).toBe(
      'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the Developer Portal (Bot → Reset Token).',
    );
    expect(fake.requests((r) => r.method === 'PUT')).toHaveLength(0);
  });

  function runCli(env: Record<string, string>) {
    return runScript('src/cli/deploy-commands.ts', [], {
      env: { PATH: process.env.PATH ?? '', DISCORD_CLIENT_ID: '', DISCORD_GUILD_ID: '', ...env },
    });
  }

  test('CLI: a bad token exits 1 with one line, no stack trace', async () => {
    const { code, stderr } = await runCli({
      DISCORD_TOKEN: 'bad.token',
      DISCORD_API_URL: fake.restUrl,
      DISCORD_GUILD_ID: fake.guildId,
    });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      'deploy-commands: Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the Developer Portal (Bot → Reset Token).',
    );
  });

  test('CLI: registers the registry in DISCORD_GUILD_ID', async () => {
    const { code, stdout } = await runCli({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DISCORD_GUILD_ID: fake.guildId,
    });
    expect(code).toBe(0);
    expect(stdout).toContain(`Registered ${commands.length} command(s) guild ${fake.guildId}`);
    const put = fake.requests((r) => r.method === 'PUT');
    expect(put[0]?.body).toEqual(buildCommandsJson(commands.map((c) => c.spec)));
  });

  test('CLI: in DISCORD_MODE=http it prints the Interactions Endpoint URL to set', async () => {
    const { code, stdout } = await runCli({
      DISCORD_TOKEN: fake.token,
      DISCORD_API_URL: fake.restUrl,
      DISCORD_GUILD_ID: fake.guildId,
      DISCORD_PUBLIC_KEY: 'ab'.repeat(32),
      HTTP_PORT: '3000',
      PUBLIC_URL: 'https://bot.example.org/',
    });
    expect(code).toBe(0);
    expect(stdout.trim().split('\n').at(-1)).toBe(
      'Interactions Endpoint URL to set: https://bot.example.org/discord/interactions (Developer Portal → your app → General Information → Interactions Endpoint URL; Discord sends a signed PING to check it, so start the bot first).',
    );
    expect(interactionsEndpointHint(undefined, 3000)).toBe(
      "Interactions Endpoint URL to set: https://<your public host>/discord/interactions, served over HTTPS and forwarded to this bot's port 3000 (HTTP_PORT) (Developer Portal → your app → General Information → Interactions Endpoint URL; Discord sends a signed PING to check it, so start the bot first). Set PUBLIC_URL to print the exact address.",
    );
  });

  test('CLI: a missing token names the variable', async () => {
    const { code, stderr } = await runCli({ DISCORD_TOKEN: '', DISCORD_API_URL: fake.restUrl });
    expect(code).toBe(1);
    expect(stderr).toContain('DISCORD_TOKEN is not set');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});
