import pino, { type Logger } from 'pino';

/** The one structured logger, JSON to stderr (stdout stays free for chat and CLI output). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: 'dossier' } }, pino.destination(2));
}

export type { Logger };
