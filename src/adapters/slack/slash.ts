/**
 * `/dossier <command> <arguments>`: the one slash command's text read as one of the commands,
 * against the same specs every platform uses. A question typed without a command is /ask.
 */
import type { InteractionCore } from '../../interactions/core.ts';
import type { OptionInput } from '../../interactions/invocation.ts';
import { parseCommandText } from '../../interactions/text-args.ts';
import { SLASH_COMMAND } from './platform.ts';
import { unescapeSlack } from './text.ts';

export type SlashParse =
  | { ok: true; name: string; options: OptionInput }
  | { ok: false; error: string };

/** What a bare `/dossier` runs, and what text that is not a command is taken to be. */
const DEFAULT_COMMAND = 'help';
const QUESTION_COMMAND = 'ask';

/** The commands this platform serves, as typed: `/dossier ask <question>, /dossier source <id>, …`. */
function commandList(core: InteractionCore): string {
  return core.commands
    .filter((c) => c.spec.kind === 'chat')
    .map((c) => `${SLASH_COMMAND} ${c.spec.name}`)
    .join(', ');
}

/**
 * The command and options typed after `/dossier`. Slack escapes `&`, `<` and `>` typed by the user
 * and writes a channel as `<#C123|name>`; values are unescaped after the channel is read.
 * @example parseSlash(core, 'daily set <#C0123ABCD|news> 09:00 Europe/Paris')
 */
export function parseSlash(core: InteractionCore, text: string): SlashParse {
  const trimmed = text.trim();
  const [first = '', ...rest] = trimmed.split(/\s+/u);
  const typed = first.toLowerCase();
  const name = typed === '' ? DEFAULT_COMMAND : typed;
  const command = core.find('chat', name);
  if (!command) {
    // A command this platform does not serve: the core says so in its words.
    if (core.registered('chat', name)) return { ok: true, name, options: { values: {} } };
    // "/dossier what is an SRBM?" is a question; a single unknown word is probably a typo.
    const question = core.find('chat', QUESTION_COMMAND);
    if (rest.length > 0 && question) return parseAs(QUESTION_COMMAND, question.spec, trimmed);
    return {
      ok: false,
      error: `There is no command "${unescapeSlack(first)}". Try ${commandList(core)}, or ask a question: ${SLASH_COMMAND} ${QUESTION_COMMAND} <question>.`,
    };
  }
  return parseAs(name, command.spec, trimmed.slice(first.length));
}

function parseAs(
  name: string,
  spec: Parameters<typeof parseCommandText>[0],
  text: string,
): SlashParse {
  const parsed = parseCommandText(spec, text, `${SLASH_COMMAND} ${name}`);
  if (!parsed.ok) return { ok: false, error: unescapeSlack(parsed.error) };
  const values = Object.fromEntries(
    Object.entries(parsed.input.values).map(([k, v]) => [
      k,
      typeof v === 'string' ? unescapeSlack(v) : v,
    ]),
  );
  return { ok: true, name, options: { ...parsed.input, values } };
}
