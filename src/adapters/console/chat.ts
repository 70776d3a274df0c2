import { createInterface } from 'node:readline';
import type { Logger } from 'pino';
import { findCommand } from '../../../commands/index.ts';
import type {
  ArgsOf,
  Command,
  CommandContext,
  CommandSpec,
  Services,
} from '../../../commands/types.ts';
import type { Engine } from '../../answer/engine.ts';
import type { Action, Reply } from '../../answer/reply.ts';
import { ansiStyle, plainStyle, pressableButtons, renderText } from './render.ts';

export interface ConsoleOptions {
  engine: Engine;
  services: Services;
  logger: Logger;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
}

const GREETING = (engine: Engine) =>
  `Dossier: ${engine.corpus.documents.length} documents, ${engine.corpus.paragraphs.length} paragraphs. ` +
  'Type a question, or /help, /sources, /source <id>, /fact, /timeline, /define <term>, /quit.';

/**
 * The terminal chat: the same commands as on Discord, typed as `/name argument` or as a plain
 * question (which is /ask). Resolves when the user quits or input ends.
 */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const style = opts.output.isTTY ? ansiStyle : plainStyle;
  const rl = createInterface({
    input: opts.input,
    output: opts.output,
    terminal: opts.output.isTTY === true,
  });
  const write = (s: string) => opts.output.write(`${s}\n`);
  write(GREETING(opts.engine));
  rl.setPrompt('> ');
  rl.prompt();
  let last: Reply | null = null;
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    if (text !== '') {
      const buttons: Action[] = last ? pressableButtons(last) : [];
      let reply: Reply;
      if (/^\d{1,2}$/u.test(text) && buttons.length > 0) {
        const pressed = buttons[Number(text) - 1];
        reply = pressed
          ? await pressButton(pressed.id, opts)
          : {
              kind: 'error',
              text: `There is no button ${text}; type 1 to ${buttons.length}, a question or a command.`,
            };
      } else {
        reply = await handleLine(text, opts);
      }
      write(renderText(reply, style));
      write('');
      last = reply;
    }
    rl.prompt();
  }
  rl.close();
}

/** Runs one typed line as a command; never throws (an unexpected failure becomes an apology). */
export async function handleLine(
  text: string,
  opts: Pick<ConsoleOptions, 'engine' | 'services' | 'logger'>,
): Promise<Reply> {
  const [, name = 'ask', rest = ''] = text.startsWith('/')
    ? (/^\/(\S+)\s*(.*)$/su.exec(text) ?? [])
    : [undefined, 'ask', text];
  const command = findCommand(name.toLowerCase());
  if (command?.spec.kind !== 'chat') {
    return {
      kind: 'error',
      text: `Unknown command /${name}. Try /help, /ask, /sources, /source <id> or /quit.`,
    };
  }
  try {
    return await command.execute(consoleContext(opts), consoleArgs(command, rest));
  } catch (error) {
    opts.logger.error({ err: error, command: name }, 'command failed');
    return { kind: 'error', text: 'Sorry, something went wrong with that. It has been logged.' };
  }
}

/** Presses a button by its id (`<command>:<arg>`), as a click on Discord would. */
export async function pressButton(
  id: string,
  opts: Pick<ConsoleOptions, 'engine' | 'services' | 'logger'>,
): Promise<Reply> {
  const at = id.indexOf(':');
  const command = findCommand(at < 0 ? id : id.slice(0, at));
  if (!command?.button) return { kind: 'error', text: 'That button does nothing here.' };
  try {
    return (await command.button(consoleContext(opts), id.slice(at + 1))).reply;
  } catch (error) {
    opts.logger.error({ err: error, button: id }, 'button failed');
    return { kind: 'error', text: 'Sorry, something went wrong with that. It has been logged.' };
  }
}

function consoleContext(
  opts: Pick<ConsoleOptions, 'engine' | 'services' | 'logger'>,
): CommandContext {
  return {
    platform: 'console',
    user: { id: 'console', name: 'you' },
    guildId: null,
    channelId: null,
    canManageServer: true,
    engine: opts.engine,
    services: opts.services,
    logger: opts.logger,
    now: () => new Date(),
  };
}

/** The typed rest of the line goes to the command's first string option; a plain question is private by default. */
function consoleArgs(command: Command, rest: string): ArgsOf<CommandSpec> {
  const first = command.spec.options.find((o) => o.type === 'string');
  const args: Record<string, string | boolean> = {};
  if (first) args[first.name] = rest;
  // the spec is the schema: the one value is a string, placed in the spec's first string option
  return args as ArgsOf<CommandSpec>;
}
