/**
 * What a command's spec declares, applied to one platform and one caller: whether the platform
 * serves it (its features), who may run it (its permission), the question rate limit, and who
 * sees its answer. The option rules are checked in options.ts.
 */
import type { CommandSpec, Permission, Visibility } from '../../commands/spec.ts';
import type { Command } from '../../commands/types.ts';
import { type ErrorReply, errorReply } from '../answer/reply.ts';
import type { Cooldown } from './cooldown.ts';
import type { Caller } from './invocation.ts';
import type { ParsedArgs } from './options.ts';
import type { PlatformProfile } from './platform.ts';

/**
 * Who sees a command's answer: the spec's `visibility` option (true = private) when given, else
 * its default; private for commands that declare nothing.
 */
export function resolveVisibility(spec: CommandSpec, args: Readonly<ParsedArgs>): Visibility {
  const rule = spec.visibility;
  if (!rule) return 'private';
  const chosen = rule.option === undefined ? undefined : args[rule.option];
  if (typeof chosen === 'boolean') return chosen ? 'private' : 'public';
  return rule.default;
}

/** Whether a platform offers everything a command needs. */
export function supports(platform: PlatformProfile, spec: CommandSpec): boolean {
  const needs = [
    ...(spec.requires ?? []),
    ...(spec.kind === 'message' ? ['messageCommands' as const] : []),
  ];
  return needs.every((f) => platform.features.includes(f));
}

/** The specs of the commands a platform serves that a user holding `permissions` may run. */
export function visibleSpecs(
  commands: readonly Command[],
  platform: PlatformProfile,
  permissions: readonly Permission[],
): CommandSpec[] {
  return commands
    .map((c) => c.spec)
    .filter((s) => supports(platform, s))
    .filter((s) => s.permission === undefined || permissions.includes(s.permission));
}

/** A command as its users know it: a chat command in the platform's words, else its quoted name. */
export function labelOf(platform: PlatformProfile, spec: CommandSpec): string {
  return spec.kind === 'chat' ? platform.commandLabel(spec.name) : `"${spec.name}"`;
}

/** Refused before running: permission, options, rate limit. */
export type Gate = { ok: true } | { ok: false; reply: ErrorReply };

/** The spec's permission: held by the caller, or refused with the platform's name for it. */
export function permitted(platform: PlatformProfile, spec: CommandSpec, caller: Caller): Gate {
  if (spec.permission === undefined || caller.permissions.includes(spec.permission))
    return { ok: true };
  const name = platform.permissionName(spec.permission);
  return {
    ok: false,
    reply: errorReply(
      `Only members with the ${name} permission can use ${labelOf(platform, spec)}.`,
    ),
  };
}

/** The question rate limit, for commands declaring `cooldown: 'question'`; null: none. */
export function rateLimited(cooldown: Cooldown | null, spec: CommandSpec, caller: Caller): Gate {
  if (spec.cooldown !== 'question' || cooldown === null) return { ok: true };
  const allowed = cooldown.take(caller.user.id);
  if (allowed.ok) return { ok: true };
  const seconds = Math.ceil(allowed.retryAfterMs / 1000);
  return {
    ok: false,
    reply: errorReply(
      `You are asking quickly; please wait ${seconds} second${seconds === 1 ? '' : 's'} and try again.`,
    ),
  };
}
