/**
 * Registers the commands with Discord from the same specs the dispatcher routes on (one source of
 * truth), checking Discord's rules first so a bad spec fails here with its name, not as an opaque
 * 50035 from the API, and never half-registers.
 */
import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  DiscordAPIError,
  InteractionContextType,
  REST,
  type RESTPostAPIApplicationCommandsJSONBody,
  Routes,
} from 'discord.js';
import { z } from 'zod';
import type { CommandSpec, OptionSpec, SubcommandSpec } from '../../../commands/spec.ts';
import { DISCORD_PERMISSION_BITS, INTERACTIONS_PATH } from './platform.ts';

/** Chat command and option names: lowercase letters, digits, `-` and `_`, 1–32 (Discord's rule). */
const CHAT_NAME = /^[-_\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const MAX_CHAT_COMMANDS = 100;
/** Discord allows 15 global message context-menu commands. */
const MAX_MESSAGE_COMMANDS = 15;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;
/** Name, description and every option's name, description and choices together, per command. */
const MAX_COMMAND_CHARS = 4000;

/** The specs break Discord's rules; `problems` names each one. Nothing was sent. */
export class CommandValidationError extends Error {
  override readonly name = 'CommandValidationError';
  constructor(readonly problems: string[]) {
    super(`Invalid command definitions (nothing was sent to Discord):\n- ${problems.join('\n- ')}`);
  }
}

/** A deploy failure with a message meant for the operator (no stack trace needed). */
export class DeployError extends Error {
  override readonly name = 'DeployError';
}

function checkName(name: string, where: string, problems: string[]): void {
  if (!CHAT_NAME.test(name)) {
    problems.push(`${where}: name "${name}" must be 1-32 letters, digits, "-" or "_"`);
  } else if (name !== name.toLowerCase()) {
    problems.push(`${where}: name "${name}" must be lowercase`);
  }
}

function checkDescription(description: string, where: string, problems: string[]): void {
  if (description.length < 1 || description.length > 100) {
    problems.push(`${where}: description must be 1-100 characters (has ${description.length})`);
  }
}

function checkOptionList(
  options: readonly (OptionSpec | SubcommandSpec)[],
  where: string,
  problems: string[],
): void {
  if (options.length > MAX_OPTIONS)
    problems.push(`${where}: ${options.length} options (at most ${MAX_OPTIONS})`);
  const subs = options.filter((o) => o.type === 'subcommand').length;
  if (subs > 0 && subs < options.length) {
    problems.push(`${where}: subcommands cannot be mixed with other options`);
  }
  const seen = new Set<string>();
  let optionalSeen = false;
  for (const option of options) {
    const at = `${where} > ${option.name}`;
    if (seen.has(option.name)) problems.push(`${at}: duplicate option name`);
    seen.add(option.name);
    checkName(option.name, at, problems);
    checkDescription(option.description, at, problems);
    if (option.type === 'subcommand') {
      checkOptionList(option.options, at, problems);
      continue;
    }
    if (option.required) {
      if (optionalSeen) problems.push(`${at}: required options must come before optional ones`);
    } else {
      optionalSeen = true;
    }
    if (option.type === 'string') {
      if (
        option.maxLength !== undefined &&
        (!Number.isInteger(option.maxLength) || option.maxLength < 1 || option.maxLength > 6000)
      ) {
        problems.push(`${at}: maxLength must be an integer 1-6000`);
      }
      if (option.choices) {
        if (option.autocomplete)
          problems.push(`${at}: autocomplete and choices cannot be combined`);
        if (option.choices.length > MAX_CHOICES)
          problems.push(`${at}: ${option.choices.length} choices (at most ${MAX_CHOICES})`);
        for (const choice of option.choices) {
          if (choice.name.length < 1 || choice.name.length > 100)
            problems.push(`${at}: choice name "${choice.name}" must be 1-100 characters`);
          if (choice.value.length > 100)
            problems.push(
              `${at}: choice value "${choice.value.slice(0, 20)}…" over 100 characters`,
            );
        }
      }
    }
    if (
      option.type === 'integer' &&
      option.min !== undefined &&
      option.max !== undefined &&
      option.min > option.max
    ) {
      problems.push(`${at}: min is greater than max`);
    }
  }
}

function specChars(spec: CommandSpec): number {
  const count = (options: readonly (OptionSpec | SubcommandSpec)[]): number =>
    options.reduce((n, o) => {
      let sum = n + o.name.length + o.description.length;
      if (o.type === 'subcommand') sum += count(o.options);
      if (o.type === 'string')
        for (const c of o.choices ?? []) sum += c.name.length + c.value.length;
      return sum;
    }, 0);
  return spec.name.length + spec.description.length + count(spec.options);
}

/** Every way the specs break Discord's rules for application commands; empty when they are fine. */
export function validateSpecs(specs: readonly CommandSpec[]): string[] {
  const problems: string[] = [];
  const chat = specs.filter((s) => s.kind === 'chat');
  const message = specs.filter((s) => s.kind === 'message');
  if (chat.length > MAX_CHAT_COMMANDS)
    problems.push(`${chat.length} chat commands (at most ${MAX_CHAT_COMMANDS})`);
  if (message.length > MAX_MESSAGE_COMMANDS)
    problems.push(`${message.length} message commands (at most ${MAX_MESSAGE_COMMANDS})`);
  for (const group of [chat, message]) {
    const names = group.map((s) => s.name);
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
      problems.push(`${name}: two commands of the same kind have this name`);
    }
  }
  for (const spec of specs) {
    const where = spec.kind === 'chat' ? `/${spec.name}` : `"${spec.name}" (message command)`;
    if (spec.kind === 'chat') {
      checkName(spec.name, where, problems);
      checkDescription(spec.description, where, problems);
      checkOptionList(spec.options, where, problems);
    } else {
      if (spec.name.trim().length < 1 || spec.name.length > 32)
        problems.push(`${where}: name must be 1-32 characters`);
      if (spec.description !== '')
        problems.push(`${where}: context-menu commands take an empty description`);
      if (spec.options.length > 0) problems.push(`${where}: context-menu commands take no options`);
    }
    const chars = specChars(spec);
    if (chars > MAX_COMMAND_CHARS)
      problems.push(
        `${where}: ${chars} characters in names, descriptions and choices (at most ${MAX_COMMAND_CHARS})`,
      );
  }
  return problems;
}

function optionJson(option: OptionSpec): APIApplicationCommandBasicOption {
  const base = {
    name: option.name,
    description: option.description,
    ...(option.required ? { required: true } : {}),
  };
  switch (option.type) {
    case 'string':
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(option.maxLength === undefined ? {} : { max_length: option.maxLength }),
        ...(option.choices
          ? { choices: option.choices.map((c) => ({ name: c.name, value: c.value })) }
          : option.autocomplete
            ? { autocomplete: true }
            : {}),
      };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'integer':
      return {
        ...base,
        type: ApplicationCommandOptionType.Integer,
        ...(option.min === undefined ? {} : { min_value: option.min }),
        ...(option.max === undefined ? {} : { max_value: option.max }),
      };
    case 'channel':
      // A channel the bot can post in: text or announcement (and forums where the spec allows).
      return {
        ...base,
        type: ApplicationCommandOptionType.Channel,
        channel_types: [
          ChannelType.GuildText,
          ChannelType.GuildAnnouncement,
          ...(option.kinds?.includes('forum') ? [ChannelType.GuildForum as const] : []),
        ],
      };
    case 'role':
      return { ...base, type: ApplicationCommandOptionType.Role };
  }
}

function optionsJson(
  options: readonly (OptionSpec | SubcommandSpec)[],
): APIApplicationCommandOption[] {
  return options.map((o) =>
    o.type === 'subcommand'
      ? {
          type: ApplicationCommandOptionType.Subcommand,
          name: o.name,
          description: o.description,
          options: o.options.map(optionJson),
        }
      : optionJson(o),
  );
}

/** One spec as Discord's application-command JSON (no validation; see `buildCommandsJson`). */
export function commandJson(spec: CommandSpec): RESTPostAPIApplicationCommandsJSONBody {
  // Only members with the permission see these; server admins can still override per role.
  const restricted = spec.permission
    ? {
        default_member_permissions: DISCORD_PERMISSION_BITS[spec.permission].toString(),
        contexts: [InteractionContextType.Guild],
      }
    : {};
  if (spec.kind === 'message') {
    return { type: ApplicationCommandType.Message, name: spec.name, ...restricted };
  }
  return {
    type: ApplicationCommandType.ChatInput,
    name: spec.name,
    description: spec.description,
    options: optionsJson(spec.options),
    ...restricted,
  };
}

/**
 * Validates the specs and returns the bulk-overwrite body; throws CommandValidationError listing
 * every problem.
 * @example buildCommandsJson(commands.map((c) => c.spec))
 */
export function buildCommandsJson(
  specs: readonly CommandSpec[],
): RESTPostAPIApplicationCommandsJSONBody[] {
  const problems = validateSpecs(specs);
  if (problems.length > 0) throw new CommandValidationError(problems);
  return specs.map(commandJson);
}

export interface DeployOptions {
  token: string;
  /** discord.js `rest.api` base, e.g. `http://127.0.0.1:8080/api`; default Discord's. */
  apiUrl?: string | undefined;
  /** Register in this guild only (instant); otherwise globally. */
  guildId?: string | undefined;
  /** Looked up from the token (GET /applications/@me) when not given. */
  applicationId?: string | undefined;
  specs: readonly CommandSpec[];
  /** Per-request timeout; default 15 s. */
  timeoutMs?: number;
}

export interface DeployResult {
  scope: 'guild' | 'global';
  applicationId: string;
  guildId: string | null;
  /** Names Discord confirmed. */
  names: string[];
}

const applicationSchema = z.object({ id: z.string() });
const registeredSchema = z.array(z.object({ name: z.string() }));

function deployErrorOf(error: unknown): DeployError {
  if (error instanceof DiscordAPIError) {
    if (error.status === 401) {
      return new DeployError(
        'Discord rejected DISCORD_TOKEN (401 Unauthorized). Copy the bot token again from the Developer Portal (Bot → Reset Token).',
      );
    }
    if (error.code === 50001 || error.status === 403) {
      return new DeployError(
        `Discord refused (${error.code}: ${error.message}). Is the bot in that guild (DISCORD_GUILD_ID), invited with the applications.commands scope?`,
      );
    }
    return new DeployError(
      `Discord refused the commands (${error.status}, code ${error.code}): ${error.message}`,
    );
  }
  return new DeployError(
    `Could not reach Discord: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/**
 * Validates and PUTs (bulk-overwrites) the commands for one guild or globally, through
 * discord.js's REST client (rate limits handled there). Throws CommandValidationError before
 * sending anything, or DeployError with a printable message.
 */
export async function deployCommands(options: DeployOptions): Promise<DeployResult> {
  const body = buildCommandsJson(options.specs);
  const rest = new REST({
    ...(options.apiUrl === undefined ? {} : { api: options.apiUrl }),
    retries: 1,
    timeout: options.timeoutMs ?? 15_000,
  }).setToken(options.token);
  try {
    const applicationId =
      options.applicationId ??
      applicationSchema.parse(await rest.get(Routes.currentApplication())).id;
    const route = options.guildId
      ? Routes.applicationGuildCommands(applicationId, options.guildId)
      : Routes.applicationCommands(applicationId);
    const registered = registeredSchema.parse(await rest.put(route, { body }));
    return {
      scope: options.guildId ? 'guild' : 'global',
      applicationId,
      guildId: options.guildId ?? null,
      names: registered.map((c) => c.name),
    };
  } catch (error) {
    throw deployErrorOf(error);
  }
}

/**
 * What to paste as the Interactions Endpoint URL (Developer Portal → General Information) for
 * DISCORD_MODE=http or both: PUBLIC_URL's address when set; otherwise the path, and where it must
 * be forwarded to.
 * @example interactionsEndpointHint('https://bot.example.org', 3000)
 */
export function interactionsEndpointHint(
  publicUrl: string | undefined,
  httpPort: number | undefined,
): string {
  const where =
    'Developer Portal → your app → General Information → Interactions Endpoint URL; Discord sends a signed PING to check it, so start the bot first';
  if (publicUrl !== undefined)
    return `Interactions Endpoint URL to set: ${publicUrl}${INTERACTIONS_PATH} (${where}).`;
  const port = httpPort === undefined ? 'HTTP_PORT' : `port ${httpPort} (HTTP_PORT)`;
  return `Interactions Endpoint URL to set: https://<your public host>${INTERACTIONS_PATH}, served over HTTPS and forwarded to this bot's ${port} (${where}). Set PUBLIC_URL to print the exact address.`;
}
