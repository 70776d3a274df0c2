/**
 * The terminal chat as one of the platforms (src/adapters/registry.ts): run when no other
 * platform has credentials. No database: buttons' questions live as long as the session, and
 * reloads are shown plainly between the replies.
 */
import type { Logger } from 'pino';
import type { Services } from '../../../commands/services.ts';
import type { Engine } from '../../answer/engine.ts';
import type { Config } from '../../config.ts';
import { Conversations, MemoryConversationStore } from '../../conversation/conversations.ts';
import { LiveEngine } from '../../reload/live-engine.ts';
import { Reloader } from '../../reload/reloader.ts';
import { watchCorpus } from '../../reload/watch.ts';
import { MemoryRecentQuestions } from '../../storage/recent.ts';
import type { PlatformCapabilities } from '../platform.ts';
import { ConsoleNotices, runConsole } from './chat.ts';

/** The terminal: one local user, no messages to read, no threads, no ephemeral replies. */
export const consoleCapabilities: PlatformCapabilities = {
  messages: false,
  threads: false,
  ephemeral: false,
  buttons: true,
  autoAnswer: {
    available: [],
    unavailable: {
      mention: 'the terminal has no channels',
      questions: 'the terminal has no channels',
      forum: 'the terminal has no channels',
    },
  },
};

export interface TerminalOptions {
  config: Config;
  engine: Engine;
  rebuild: (signal: AbortSignal) => Promise<Engine>;
  logger: Logger;
  input?: NodeJS.ReadableStream;
  output?: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Runs the terminal chat until the user quits or input ends. */
export async function runTerminal(options: TerminalOptions): Promise<void> {
  const { config, engine, logger } = options;
  // The chat shows reloads plainly, then its prompt again; the log would print them as JSON in
  // the middle of it.
  const notices = new ConsoleNotices();
  const live = new LiveEngine(engine);
  const reloader = new Reloader({
    live,
    build: options.rebuild,
    logger: logger.child({}, { level: 'silent' }),
  });
  const watcher =
    config.CORPUS_WATCH === 'false'
      ? null
      : watchCorpus(config.CORPUS_DIR, {
          logger,
          followOutside: config.CORPUS_FOLLOW_OUTSIDE,
          polling: config.CORPUS_WATCH === 'poll',
          onChange: () => {
            void reloader.reload('watch').then((result) => {
              notices.post(
                result.ok
                  ? `corpus: reloaded (${result.documents} documents, ${result.paragraphs} paragraphs)`
                  : `corpus: reload failed; still answering from the previous documents:\n${result.problems.map((p) => `  ${p}`).join('\n')}`,
              );
            });
          },
        });
  // No database here: recent questions (behind buttons) live as long as the session.
  const services: Services = {
    recent: new MemoryRecentQuestions(),
    reload: { reload: () => reloader.reload('command') },
  };
  try {
    await runConsole({
      engine: live,
      services,
      logger,
      input: options.input ?? process.stdin,
      output: options.output ?? process.stdout,
      notices,
      // one conversation, in memory, bounded and expiring as the bot's threads are
      conversations: new Conversations(new MemoryConversationStore(1), {
        maxTurns: config.CONVERSATION_TURNS,
        ttlMs: config.CONVERSATION_TTL_HOURS * 3_600_000,
      }),
    });
  } finally {
    await watcher?.close();
    await reloader.close();
  }
}
