/**
 * Turns the options of a Discord chat-input interaction into a command's arguments, checked
 * against the command's spec on our side too: Discord enforces max_length and choices only for
 * clients that respect the registered command, and a stale registration may differ from the code.
 */
import { ApplicationCommandOptionType, type CommandInteractionOption } from 'discord.js';
import { z } from 'zod';
import type { CommandSpec, OptionSpec, SubcommandSpec } from '../../../commands/types.ts';

export type ArgValue = string | number | boolean;
export type ParsedArgs = Record<string, ArgValue>;
export type ParseResult = { ok: true; args: ParsedArgs } | { ok: false; error: string };

const snowflake = z.string().regex(/^\d{15,21}$/);

function isSubcommand(o: OptionSpec | SubcommandSpec): o is SubcommandSpec {
  return o.type === 'subcommand';
}

/** Characters as a person counts them (code points), which is how Discord applies max_length. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

function parseOne(
  spec: OptionSpec,
  raw: unknown,
): { ok: true; value: ArgValue } | { ok: false; error: string } {
  switch (spec.type) {
    case 'string': {
      const parsed = z.string().safeParse(raw);
      if (!parsed.success) return { ok: false, error: `The option "${spec.name}" must be text.` };
      const value = parsed.data;
      if (spec.maxLength !== undefined && charCount(value) > spec.maxLength) {
        return {
          ok: false,
          error: `Your ${spec.name} is too long (${charCount(value)} characters); please keep it under ${spec.maxLength}.`,
        };
      }
      if (spec.choices && !spec.choices.some((c) => c.value === value)) {
        return { ok: false, error: `"${spec.name}" must be one of the listed choices.` };
      }
      return { ok: true, value };
    }
    case 'integer': {
      const parsed = z.number().int().safeParse(raw);
      if (!parsed.success)
        return { ok: false, error: `The option "${spec.name}" must be a whole number.` };
      const value = parsed.data;
      if (
        (spec.min !== undefined && value < spec.min) ||
        (spec.max !== undefined && value > spec.max)
      ) {
        return {
          ok: false,
          error: `"${spec.name}" must be between ${spec.min ?? '−∞'} and ${spec.max ?? '∞'}.`,
        };
      }
      return { ok: true, value };
    }
    case 'boolean': {
      const parsed = z.boolean().safeParse(raw);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, error: `The option "${spec.name}" must be true or false.` };
    }
    case 'channel': {
      const parsed = snowflake.safeParse(raw);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, error: `The option "${spec.name}" must be a channel.` };
    }
  }
}

function parseLevel(
  specs: readonly OptionSpec[],
  given: readonly CommandInteractionOption[],
  into: ParsedArgs,
): string | null {
  for (const spec of specs) {
    const raw = given.find((o) => o.name === spec.name)?.value;
    if (raw === undefined || raw === null) {
      if (spec.required) return `Please fill in "${spec.name}".`;
      continue;
    }
    const result = parseOne(spec, raw);
    if (!result.ok) return result.error;
    into[spec.name] = result.value;
  }
  return null;
}

/**
 * Parses the options Discord sent (`interaction.options.data`) against a chat command's spec,
 * including one level of subcommands (`args.subcommand`). Unknown options are ignored.
 * @example parseChatArgs(ask.spec, interaction.options.data) // { ok: true, args: { question: '…' } }
 */
export function parseChatArgs(
  spec: CommandSpec,
  data: readonly CommandInteractionOption[],
): ParseResult {
  const args: ParsedArgs = {};
  const subcommands = spec.options.filter(isSubcommand);
  if (subcommands.length > 0) {
    const given = data.find((o) => o.type === ApplicationCommandOptionType.Subcommand);
    const sub = subcommands.find((s) => s.name === given?.name);
    if (!given || !sub) return { ok: false, error: 'Please pick one of the subcommands.' };
    args.subcommand = sub.name;
    const error = parseLevel(sub.options, given.options ?? [], args);
    return error === null ? { ok: true, args } : { ok: false, error };
  }
  const options = spec.options.filter((o): o is OptionSpec => !isSubcommand(o));
  const error = parseLevel(options, data, args);
  return error === null ? { ok: true, args } : { ok: false, error };
}
