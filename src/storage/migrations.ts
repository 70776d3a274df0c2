/**
 * Schema migrations, applied in order on open. `version` is stored in `PRAGMA user_version`; a
 * migration is never edited once shipped (add a new one instead), because databases in the field
 * have already recorded that they ran it.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'daily posts, feedback, unanswered questions',
    sql: `
      CREATE TABLE subscriptions (
        platform TEXT NOT NULL CHECK (platform IN ('discord', 'slack')),
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        local_time TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        topic TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
        disabled_reason TEXT,
        disabled_at TEXT,
        last_posted_local_date TEXT,
        PRIMARY KEY (platform, channel_id)
      ) STRICT;
      CREATE INDEX subscriptions_by_guild ON subscriptions (platform, guild_id);

      CREATE TABLE post_ledger (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        local_date TEXT NOT NULL,
        nonce TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('claimed', 'sent', 'failed')),
        fact_id TEXT,
        rotation_cycle INTEGER,
        message_id TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        lease_owner TEXT,
        lease_until INTEGER NOT NULL DEFAULT 0,
        claimed_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, local_date)
      ) STRICT;

      CREATE TABLE rotation_state (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        PRIMARY KEY (platform, channel_id)
      ) STRICT;
      CREATE TABLE rotation_used (
        platform TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        cycle INTEGER NOT NULL,
        fact_id TEXT NOT NULL,
        posted_at TEXT NOT NULL,
        PRIMARY KEY (platform, channel_id, cycle, fact_id)
      ) STRICT;

      CREATE TABLE feedback_votes (
        platform TEXT NOT NULL,
        message_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        question TEXT NOT NULL,
        passage_ids TEXT NOT NULL,
        vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (platform, message_id, user_id)
      ) STRICT;

      CREATE TABLE unanswered_questions (
        id INTEGER PRIMARY KEY,
        normalized TEXT NOT NULL,
        question TEXT NOT NULL,
        missing_terms TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX unanswered_by_normalized ON unanswered_questions (normalized, created_at);
    `,
  },
  {
    version: 2,
    name: 'unanswered questions belong to a server',
    // /gaps must not show one server's questions to another server's moderators
    sql: `
      ALTER TABLE unanswered_questions ADD COLUMN scope TEXT NOT NULL DEFAULT '';
      CREATE INDEX unanswered_by_scope ON unanswered_questions (scope, normalized, created_at);
    `,
  },
  {
    version: 3,
    name: 'recent questions behind buttons',
    // Share, 👍/👎 and long timeline queries refer to a question by a short key in the button id;
    // kept here, not in memory, so the buttons work after a restart and in any process.
    sql: `
      CREATE TABLE recent_questions (
        key TEXT PRIMARY KEY,
        question TEXT NOT NULL,
        doc_slug TEXT,
        passage_ids TEXT NOT NULL,
        user_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX recent_questions_by_age ON recent_questions (created_at);
    `,
  },
  {
    version: 4,
    name: 'paragraph id ledger',
    // Citations, the daily rotation and votes refer to paragraph ids; this keeps each id with its
    // text across corpus edits (src/corpus/stable-ids.ts). Rows are never deleted: a removed
    // paragraph's number stays taken. UNIQUE (slug, n) makes reuse impossible even by mistake.
    sql: `
      CREATE TABLE paragraph_ids (
        slug TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        occurrence INTEGER NOT NULL,
        n INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        PRIMARY KEY (slug, text_hash, occurrence),
        UNIQUE (slug, n)
      ) STRICT;
    `,
  },
];
