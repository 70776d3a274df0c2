/**
 * The terminal chat: a thin adapter over the interaction core. A typed line is a command
 * (`/name arguments`, read against the command's spec) or a plain question (/ask); a reply's
 * buttons are pressed by typing their number.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { clearLine, createInterface, cursorTo } from 'node:readline';
import type { Logger } from 'pino';
import { commands as allCommands } from '../../../commands/index.ts';
import type { Services } from '../../../commands/services.ts';
import type { CommandSpec } from '../../../commands/spec.ts';
import type { Command } from '../../../commands/types.ts';
import { MAX_QUESTION_CHARS } from '../../answer/ask.ts';
import { type Engine, type EngineSource, engineSource } from '../../answer/engine.ts';
import { errorReply, type Reply } from '../../answer/reply.ts';
import { Conversations, MemoryConversationStore } from '../../conversation/conversations.ts';
import { createInteractionCore, type InteractionCore } from '../../interactions/core.ts';
import type { Caller } from '../../interactions/invocation.ts';
import type { PlatformProfile } from '../../interactions/platform.ts';
import type { Responder } from '../../interactions/responder.ts';
import { parseCommandText, usage } from '../../interactions/text-args.ts';
import { asksForHelp } from '../../language/small-talk.ts';
import { ansiStyle, plainStyle, pressableButtons, renderText } from './render.ts';

export interface ConsoleOptions {
  /** The engine, or where to read the one being served (reloads swap it). */
  engine: Engine | EngineSource;
  services: Services;
  logger: Logger;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** Commands to serve; default all of them. */
  commands?: readonly Command[] | undefined;
  /** Where replies' pictures are saved (the timeline's); default `.cache`. */
  picturesDir?: string | undefined;
  /** Messages from outside the conversation (a corpus reload), shown as they come. */
  notices?: ConsoleNotices | undefined;
  /** Where the terminal's conversation is kept; default in memory, lost when the chat ends. */
  conversations?: Conversations | undefined;
}

/** The terminal keeps one conversation: plain questions are read with it, `/new` starts another. */
export const CONSOLE_THREAD = 'console:local:chat';

/**
 * Messages for the terminal that no typed line asked for (the live reload's "corpus: reloaded").
 * Written straight to the terminal they would land after the prompt, leaving the user typing on
 * a line with no prompt; the chat shows them on their own line and draws the prompt again, with
 * what was being typed. Posted before the chat listens, they wait; after it ends, they are dropped.
 * @example const notices = new ConsoleNotices(); notices.post('corpus: reloaded');
 */
export class ConsoleNotices {
  #listener: ((text: string) => void) | null = null;
  #waiting: string[] | null = [];

  post(text: string): void {
    if (this.#listener) this.#listener(text);
    else this.#waiting?.push(text);
  }

  /** Shows each notice with `show`, those waiting first; the returned function stops it. */
  listen(show: (text: string) => void): () => void {
    this.#listener = show;
    for (const text of this.#waiting ?? []) show(text);
    this.#waiting = null;
    return () => {
      if (this.#listener === show) this.#listener = null;
    };
  }
}

type CoreDeps = Pick<ConsoleOptions, 'engine' | 'services' | 'logger' | 'commands'>;

/** The terminal as the interaction core sees it: one local user, no servers, no channel posts. */
export const consolePlatform: PlatformProfile = {
  id: 'console',
  features: [],
  commandLabel: (name) => `/${name}`,
  messageCommandHint: null,
  permissionName: (permission) => ({ manageServer: 'Manage Server' })[permission],
  channelAccessFix: 'run the chat bot',
  parseChannel: () => null,
};

let interactions = 0;
/** Whoever runs the process owns it, so they may do what a server manager may. */
function caller(): Caller {
  interactions++;
  return {
    id: `console-${interactions}`,
    user: { id: 'console', name: 'you' },
    place: { guildId: null, channelId: null },
    permissions: ['manageServer'],
    locale: null,
  };
}

function consoleCore(deps: CoreDeps): InteractionCore {
  return createInteractionCore({
    commands: deps.commands ?? allCommands,
    engine: deps.engine,
    services: deps.services,
    logger: deps.logger,
    platform: consolePlatform,
    // One local user with nobody to protect, and no deadline for a first response.
    cooldown: null,
    deferAfterMs: null,
  });
}

/** A Responder that keeps the last reply shown, which the terminal then prints. */
function collector(): { responder: Responder; last: () => Reply | null } {
  let shown: Reply | null = null;
  const show = async (reply: Reply) => {
    shown = reply;
    return true;
  };
  return {
    last: () => shown,
    responder: {
      reply: show,
      update: show,
      defer: async () => true,
      edit: show,
      deletePlaceholder: async () => true,
      followUp: show,
    },
  };
}

/** The commands as the terminal lists them: `/ask <question>, /source <id>, /sources, …`. */
function commandList(core: InteractionCore): string {
  return core
    .visibleTo(['manageServer'])
    .filter((s): s is CommandSpec & { kind: 'chat' } => s.kind === 'chat')
    .map((s) =>
      usage(
        `/${s.name}`,
        s.options.flatMap((o) => (o.type !== 'subcommand' && o.required ? [o] : [])),
      ),
    )
    .join(', ');
}

async function runLine(core: InteractionCore, text: string): Promise<Reply> {
  const [, typed = 'ask', rest = ''] = text.startsWith('/')
    ? (/^\/(\S*)\s*(.*)$/su.exec(text) ?? [])
    : [undefined, 'ask', text];
  const name = typed.toLowerCase();
  const { responder, last } = collector();
  const command = core.find('chat', name);
  if (command) {
    const parsed = parseCommandText(command.spec, rest, `/${name}`);
    if (!parsed.ok) return errorReply(parsed.error);
    await core.command({ ...caller(), kind: 'chat', name, options: parsed.input }, responder);
  } else if (core.registered('chat', name)) {
    // A command this platform does not serve: the core says so.
    await core.command({ ...caller(), kind: 'chat', name, options: { values: {} } }, responder);
  } else {
    return errorReply(`Unknown command /${typed}. Try ${commandList(core)} or /quit.`);
  }
  return last() ?? errorReply('Nothing to show.');
}

async function runButton(core: InteractionCore, customId: string): Promise<Reply> {
  const { responder, last } = collector();
  await core.button({ ...caller(), customId }, responder);
  return last() ?? errorReply('Nothing to show.');
}

/**
 * Saves a reply's pictures as `<dir>/<name>-<hash>.png` (the same picture, the same file) and
 * returns their paths; null for one that could not be written (the terminal shows its alt text).
 */
export async function savePictures(
  reply: Reply,
  dir: string,
  logger: Logger,
): Promise<(string | null)[]> {
  if (reply.kind !== 'message') return [];
  const out: (string | null)[] = [];
  for (const picture of reply.attachments ?? []) {
    const hash = createHash('sha256').update(picture.data).digest('hex').slice(0, 16);
    const stem = picture.name.replace(/\.png$/iu, '').replace(/[^A-Za-z0-9_-]/gu, '_') || 'picture';
    const path = join(dir, `${stem}-${hash}.png`);
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(path, picture.data);
      out.push(path);
    } catch (error) {
      logger.warn({ err: error, path }, 'console: could not save a picture');
      out.push(null);
    }
  }
  return out;
}

/** Runs one typed line as a command; never throws (an unexpected failure becomes an apology). */
export function handleLine(text: string, deps: CoreDeps): Promise<Reply> {
  return runLine(consoleCore(deps), text);
}

/** Presses a button by its id, as a click on Discord would. */
export function pressButton(id: string, deps: CoreDeps): Promise<Reply> {
  return runButton(consoleCore(deps), id);
}

/**
 * What a plain question asks once read with the terminal's conversation ("and the drones?" after
 * "What did Iran supply to Russia?"), the turn stored with its answer; a command, or a question
 * over the length cap (refused by /ask), or a request for the help passes unchanged. The /ask reply's title then shows what
 * was asked.
 */
async function inConversation(
  conversations: Conversations,
  text: string,
  engine: Engine | EngineSource,
): Promise<string> {
  // "help", "what can you do?": /ask shows the help, and it is no turn of the conversation
  if (text.startsWith('/') || text.length > MAX_QUESTION_CHARS || asksForHelp(text)) return text;
  const answer = await conversations.ask(CONSOLE_THREAD, text, {
    engine: engineSource(engine).current(),
  });
  return answer.question;
}

/**
 * The terminal chat: the same commands as on Discord, typed as `/name arguments` or as a plain
 * question (which is /ask). Resolves when the user quits or input ends.
 */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const core = consoleCore(opts);
  const style = opts.output.isTTY ? ansiStyle : plainStyle;
  const rl = createInterface({
    input: opts.input,
    output: opts.output,
    terminal: opts.output.isTTY === true,
  });
  const write = (s: string) => opts.output.write(`${s}\n`);
  const picturesDir = opts.picturesDir ?? '.cache';
  const show = async (reply: Reply) =>
    write(
      renderText(reply, style, { pictures: await savePictures(reply, picturesDir, opts.logger) }),
    );
  const { documents, paragraphs } = engineSource(opts.engine).current().corpus;
  write(
    `Dossier: ${documents.length} documents, ${paragraphs.length} paragraphs. ` +
      `Type a question (follow-ups are read with the ones before; /new starts afresh), ` +
      `or ${commandList(core)}, /quit.`,
  );
  rl.setPrompt('> ');
  rl.prompt();
  // While a line is being answered the prompt comes after the reply anyway.
  let busy = false;
  const stopNotices = opts.notices?.listen((notice) => {
    if (busy) {
      write(notice);
      return;
    }
    if (opts.output.isTTY === true) {
      // the prompt and what was typed are redrawn below the notice
      clearLine(opts.output, 0);
      cursorTo(opts.output, 0);
    } else write('');
    write(notice);
    rl.prompt(true);
  });
  let last: Reply | null = null;
  const conversations = opts.conversations ?? new Conversations(new MemoryConversationStore(1));
  for await (const line of rl) {
    const text = line.trim();
    if (text === '/quit' || text === '/exit') break;
    busy = true;
    if (text === '/new') {
      await conversations.reset(CONSOLE_THREAD);
      last = null;
      write('New conversation: the next question is read on its own.\n');
    } else if (text !== '') {
      const buttons = last ? pressableButtons(last) : [];
      if (/^\d{1,2}$/u.test(text) && buttons.length > 0) {
        const pressed = buttons[Number(text) - 1];
        if (pressed) {
          last = await runButton(core, pressed.id);
          await show(last);
        } else {
          // The buttons stay: the last reply is still the one on screen.
          write(
            renderText(
              errorReply(
                `There is no button ${text}; type 1 to ${buttons.length}, a question or a command.`,
              ),
              style,
            ),
          );
        }
      } else {
        last = await runLine(core, await inConversation(conversations, text, opts.engine));
        await show(last);
      }
      write('');
    }
    busy = false;
    rl.prompt();
  }
  stopNotices?.();
  rl.close();
}
