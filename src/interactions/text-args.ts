/**
 * Reads a command's options from typed text, for platforms where a command is a line of text (the
 * terminal; Slack's `/dossier ask …`). Words fill the options in spec order; a text option takes
 * the rest of the line unless a required option still needs a word after it; any option may be
 * named as `name:value` (the value runs to the next `name:` or the end). The values go through
 * the same checks as every platform's (`parseOptions`).
 */
import type { CommandSpec, OptionSpec } from '../../commands/spec.ts';
import type { OptionInput } from './invocation.ts';
import { isSubcommand } from './options.ts';

export type TextParse = { ok: true; input: OptionInput } | { ok: false; error: string };

interface Word {
  text: string;
  start: number;
}

function words(text: string): Word[] {
  return [...text.matchAll(/\S+/gu)].map((m) => ({ text: m[0], start: m.index }));
}

/** The usage line of a command or subcommand: `/daily set <channel> <time> <timezone> [topic:…]`. */
export function usage(label: string, options: readonly OptionSpec[], sub?: string): string {
  const parts = options.map((o) => (o.required ? `<${o.name}>` : `[${o.name}:…]`));
  return [label, sub, ...parts].filter((p) => p !== undefined && p !== '').join(' ');
}

/**
 * The options typed after a command's name.
 * @example parseCommandText(daily.spec, 'set #news 09:00 Europe/Paris topic:drones', '/daily')
 */
export function parseCommandText(spec: CommandSpec, text: string, label: string): TextParse {
  let rest = text.trim();
  let subcommand: string | undefined;
  let options: readonly OptionSpec[] = spec.options.filter(
    (o): o is OptionSpec => !isSubcommand(o),
  );
  const subcommands = spec.options.filter(isSubcommand);
  if (subcommands.length > 0) {
    const first = /^\S+/u.exec(rest)?.[0] ?? '';
    const sub = subcommands.find((s) => s.name === first.toLowerCase());
    if (!sub) {
      return {
        ok: false,
        error: `Please pick one of: ${subcommands.map((s) => `${label} ${s.name}`).join(', ')}.`,
      };
    }
    subcommand = sub.name;
    options = sub.options;
    rest = rest.slice(first.length).trim();
  }
  const usageLine = `Usage: ${usage(label, options, subcommand)}`;

  // `name:value` parts, by option name; the free text before the first one fills the rest.
  const names = new Map(options.map((o) => [o.name.toLowerCase(), o]));
  const named = [...rest.matchAll(/(?:^|\s)([A-Za-z][\w-]*):/gu)].filter(
    (m) => m[1] !== undefined && names.has(m[1].toLowerCase()),
  );
  const values: Record<string, string> = {};
  const freeEnd = named[0]?.index ?? rest.length;
  named.forEach((m, i) => {
    const option = names.get((m[1] ?? '').toLowerCase());
    if (!option) return;
    const start = m.index + m[0].length;
    const end = named[i + 1]?.index ?? rest.length;
    values[option.name] = rest.slice(start, end).trim();
  });

  const free = rest.slice(0, freeEnd);
  const list = words(free);
  let next = 0;
  const unnamed = options.filter((o) => !(o.name in values));
  for (const [i, option] of unnamed.entries()) {
    const word = list[next];
    if (word === undefined) break;
    const laterRequired = unnamed.slice(i + 1).some((o) => o.required);
    if (option.type === 'string' && !laterRequired) {
      values[option.name] = free.slice(word.start).trim();
      next = list.length;
    } else {
      values[option.name] = word.text;
      next++;
    }
  }
  if (next < list.length) return { ok: false, error: `Too many words. ${usageLine}` };
  const missing = options.filter((o) => o.required && !(o.name in values));
  const [only] = missing;
  if (only !== undefined) {
    // Nothing typed for a command's one text: the command says best what it wants ("Type a
    // question, e.g. …").
    const required = options.filter((o) => o.required);
    if (required.length === 1 && only.type === 'string' && rest === '') values[only.name] = '';
    else return { ok: false, error: `Please fill in "${only.name}". ${usageLine}` };
  }
  return { ok: true, input: { subcommand, values, fromText: true } };
}
