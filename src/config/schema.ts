/**
 * Every variable the configuration reads, its shape and its default: one zod object, so a bad
 * value is found at start with its name (the order here is the order problems are listed in).
 */
import { isIP } from 'node:net';
import { z } from 'zod';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

/** Why a token cannot be one Discord issued (they are one line of printable ASCII), or null. */
function tokenProblem(token: string): string | null {
  if (/[\r\n]/u.test(token)) return 'contains a line break';
  if (token.includes(' ')) return 'contains a space';
  if (token.includes('\t')) return 'contains a tab';
  for (const ch of token) {
    const code = ch.codePointAt(0) ?? 0;
    const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    if (code > 0x7e) return `contains a non-ASCII character (${hex})`;
    if (code < 0x21) return `contains a control character (${hex})`;
  }
  return null;
}

/** True for a URL node-postgres can take (postgres:// or postgresql://). */
function isPostgresUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'postgres:' || protocol === 'postgresql:';
  } catch {
    return false;
  }
}

export const Schema = z.object({
  // a token pasted with a line break or a stray character would only fail later, as an HTTP error
  DISCORD_TOKEN: optional.pipe(
    z
      .string()
      .superRefine((token, ctx) => {
        const problem = tokenProblem(token);
        if (problem)
          ctx.addIssue({
            code: 'custom',
            message: `${problem}; a token is one line of ASCII letters, digits and punctuation`,
          });
      })
      .optional(),
  ),
  DISCORD_CLIENT_ID: optional.pipe(
    z
      .string()
      .regex(/^\d{15,22}$/u, 'must be a numeric Discord id')
      .optional(),
  ),
  DISCORD_GUILD_ID: optional.pipe(
    z
      .string()
      .regex(/^\d{15,22}$/u, 'must be a numeric Discord id')
      .optional(),
  ),
  DISCORD_API_URL: optional.pipe(z.url().optional()),
  CORPUS_DIR: z.string().trim().min(1).default('corpus'),
  SNAPSHOT_DIR: z.string().trim().min(1).default('.cache/index'),
  SEMANTICS_DIR: z.string().trim().min(1).default('.cache/semantics'),
  DATABASE_PATH: z.string().trim().min(1).default('data/dossier.db'),
  // The value is never echoed in a message: it carries the password.
  DATABASE_URL: optional.pipe(
    z.string().refine(isPostgresUrl, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  MAX_DOCUMENT_MB: z.coerce.number().positive().max(1024).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DAILY_ENABLED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  LOG_QUESTIONS: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  CORPUS_WATCH: z.enum(['true', 'false', 'poll']).default('true'),
  CORPUS_FOLLOW_OUTSIDE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  HTTP_PORT: optional.pipe(
    z
      .string()
      .regex(/^\d{1,5}$/u, 'must be a port number')
      .transform(Number)
      .refine((n) => n <= 65535, 'must be a port number')
      .optional(),
  ),
  // Unset: every interface (Node's default). An address or a host name, nothing else.
  HTTP_HOST: optional.pipe(
    z
      .string()
      .refine(
        (h) => isIP(h) !== 0 || /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/u.test(h),
        'must be an IP address or a host name',
      )
      .optional(),
  ),
  // Closes /metrics (and the detail of /healthz) to requests without it.
  METRICS_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^\S{16,}$/u, 'must be at least 16 characters, without spaces')
      .optional(),
  ),
  SLACK_BOT_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^xoxb-\S+$/u, 'must be a bot token starting with xoxb-')
      .optional(),
  ),
  SLACK_SIGNING_SECRET: optional.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{16,128}$/iu, 'must be the hexadecimal signing secret')
      .optional(),
  ),
  SLACK_APP_TOKEN: optional.pipe(
    z
      .string()
      .regex(/^xapp-\S+$/u, 'must be an app-level token starting with xapp-')
      .optional(),
  ),
  // The Web API's base ends with a slash (method names are appended to it).
  SLACK_API_URL: optional.pipe(
    z
      .url()
      .transform((u) => (u.endsWith('/') ? u : `${u}/`))
      .optional(),
  ),
  DISCORD_PUBLIC_KEY: optional.pipe(
    z
      .string()
      .regex(/^[0-9a-f]{64}$/iu, 'must be 64 hexadecimal characters')
      .transform((k) => k.toLowerCase())
      .optional(),
  ),
  DISCORD_MODE: optional.pipe(z.enum(['gateway', 'http', 'both']).optional()),
  // In a shard process discord.js sets SHARDS to that shard's id: read it only where it is ours.
  SHARDS: optional,
  PUBLIC_URL: optional.pipe(
    z
      .url({ protocol: /^https?$/u, error: 'must be an https:// address' })
      .transform((u) => u.replace(/\/+$/u, ''))
      .optional(),
  ),
  // Set by discord.js's ShardingManager in the processes it spawns (not by operators).
  SHARDING_MANAGER: optional,
  // Asking in chat. Optional without a default: whether one was set matters in http mode.
  DISCORD_MENTIONS: optional.pipe(z.enum(['true', 'false']).optional()),
  DISCORD_DMS: optional.pipe(z.enum(['true', 'false']).optional()),
  DISCORD_MESSAGE_CONTENT: optional.pipe(z.enum(['true', 'false']).optional()),
  THREAD_REPLIES: z.enum(['mention', 'all']).default('mention'),
  // Follow-ups: a thread's conversation, bounded and expiring (the defaults are
  // src/conversation's MAX_TURNS and TURN_TTL_MS, which this lowest layer cannot import).
  CONVERSATION_TURNS: z.coerce.number().int().min(1).max(50).default(6),
  CONVERSATION_TTL_HOURS: z.coerce.number().positive().max(720).default(24),
  // The answer-or-decline threshold; unset, the decision model's own (src/models/decision.json).
  ANSWER_THRESHOLD: optional.pipe(z.coerce.number<string | undefined>().min(0).max(1).optional()),
  // The short answer's threshold; unset, SHORT_ANSWER_MIN (src/answer/decision.ts).
  SHORT_ANSWER_THRESHOLD: optional.pipe(
    z.coerce.number<string | undefined>().min(0).max(1).optional(),
  ),
});

/** The variables as the schema parsed them, before the platform settings are derived. */
export type ParsedEnv = z.infer<typeof Schema>;
