/**
 * Checks a command's option values against its spec: types, required options, maxLength, min/max
 * and choices. Platforms enforce some of this for clients that respect the registered command, but
 * a stale registration, a text platform or a forged request may send anything.
 */
import { z } from 'zod';
import type { CommandSpec, OptionSpec, SubcommandSpec } from '../../commands/spec.ts';
import type { OptionInput } from './invocation.ts';

export type ArgValue = string | number | boolean;
export type ParsedArgs = Record<string, ArgValue>;
export type ParseResult = { ok: true; args: ParsedArgs } | { ok: false; error: string };

/** How a platform writes a channel id, from its profile. */
export type ChannelParser = (raw: string) => string | null;

/**
 * How a platform reads the ids its options carry: channels (required) and roles (a Discord role,
 * a Slack user group). A bare function is a channel parser; roles are then refused.
 */
export type IdParsers =
  | ChannelParser
  | { channel: ChannelParser; role?: ChannelParser | undefined };

function parsersOf(p: IdParsers): { channel: ChannelParser; role: ChannelParser } {
  if (typeof p === 'function') return { channel: p, role: () => null };
  return { channel: p.channel, role: p.role ?? (() => null) };
}

export function isSubcommand(o: OptionSpec | SubcommandSpec): o is SubcommandSpec {
  return o.type === 'subcommand';
}

/** Characters as a person counts them (code points), which is how Discord applies max_length. */
export function charCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

const INTEGER_TEXT = /^[+-]?\d{1,15}$/u;
const TRUE_TEXT = new Set(['true', 'yes', 'on', '1']);
const FALSE_TEXT = new Set(['false', 'no', 'off', '0']);

type One = { ok: true; value: ArgValue } | { ok: false; error: string };

function parseOne(
  spec: OptionSpec,
  raw: unknown,
  fromText: boolean,
  ids: { channel: ChannelParser; role: ChannelParser },
): One {
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
      const input =
        fromText && typeof raw === 'string' && INTEGER_TEXT.test(raw) ? Number(raw) : raw;
      const parsed = z.number().int().safeParse(input);
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
      let input = raw;
      if (fromText && typeof raw === 'string') {
        const word = raw.trim().toLowerCase();
        input = TRUE_TEXT.has(word) ? true : FALSE_TEXT.has(word) ? false : raw;
      }
      const parsed = z.boolean().safeParse(input);
      return parsed.success
        ? { ok: true, value: parsed.data }
        : { ok: false, error: `The option "${spec.name}" must be true or false.` };
    }
    case 'channel': {
      const id = typeof raw === 'string' ? ids.channel(raw.trim()) : null;
      return id === null
        ? { ok: false, error: `The option "${spec.name}" must be a channel.` }
        : { ok: true, value: id };
    }
    case 'role': {
      const id = typeof raw === 'string' ? ids.role(raw.trim()) : null;
      return id === null
        ? { ok: false, error: `The option "${spec.name}" must be a role.` }
        : { ok: true, value: id };
    }
  }
}

function parseLevel(
  specs: readonly OptionSpec[],
  values: Readonly<Record<string, unknown>>,
  fromText: boolean,
  ids: { channel: ChannelParser; role: ChannelParser },
  into: ParsedArgs,
): string | null {
  for (const spec of specs) {
    const raw = Object.hasOwn(values, spec.name) ? values[spec.name] : undefined;
    if (raw === undefined || raw === null) {
      if (spec.required) return `Please fill in "${spec.name}".`;
      continue;
    }
    const result = parseOne(spec, raw, fromText, ids);
    if (!result.ok) return result.error;
    into[spec.name] = result.value;
  }
  return null;
}

/**
 * A chat command's arguments from the values a platform sent, checked against its spec (one level
 * of subcommands, named in `args.subcommand`). Options the spec does not have are ignored.
 * @example parseOptions(ask.spec, { values: { question: 'What is an SRBM?' } }, id) // { ok: true, args: { question: '…' } }
 */
export function parseOptions(
  spec: CommandSpec,
  input: OptionInput,
  parsers: IdParsers,
): ParseResult {
  const ids = parsersOf(parsers);
  const args: ParsedArgs = {};
  const fromText = input.fromText === true;
  const subcommands = spec.options.filter(isSubcommand);
  if (subcommands.length > 0) {
    const sub = subcommands.find((s) => s.name === input.subcommand);
    if (!sub) return { ok: false, error: 'Please pick one of the subcommands.' };
    args.subcommand = sub.name;
    const error = parseLevel(sub.options, input.values, fromText, ids, args);
    return error === null ? { ok: true, args } : { ok: false, error };
  }
  const options = spec.options.filter((o): o is OptionSpec => !isSubcommand(o));
  const error = parseLevel(options, input.values, fromText, ids, args);
  return error === null ? { ok: true, args } : { ok: false, error };
}
