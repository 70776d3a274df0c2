/**
 * Storage: open the database once (SQLite or PostgreSQL, see open.ts), then build the repositories
 * on it. Every repository method is async, whichever the engine.
 */
import { AnsweredMessageRepository } from './answered.ts';
import { AutoAnswerRepository } from './autoanswer.ts';
import { FeedbackRepository } from './feedback.ts';
import { PostLedger } from './ledger.ts';
import { RecentQuestionRepository } from './recent.ts';
import { FactRotation } from './rotation.ts';
import type { Sql } from './sql.ts';
import { SubscriptionRepository } from './subscriptions.ts';
import type { Clock } from './types.ts';
import { systemClock } from './types.ts';
import { UnansweredRepository } from './unanswered.ts';

export * from './answered.ts';
export * from './autoanswer.ts';
export * from './conversations.ts';
export * from './db.ts';
export * from './feedback.ts';
export * from './ledger.ts';
export * from './migrations.ts';
export * from './open.ts';
export * from './postgres.ts';
export * from './recent.ts';
export * from './rotation.ts';
export * from './sql.ts';
export * from './sqlite.ts';
export * from './subscriptions.ts';
export * from './types.ts';
export * from './unanswered.ts';

export interface Repositories {
  subscriptions: SubscriptionRepository;
  ledger: PostLedger;
  rotation: FactRotation;
  feedback: FeedbackRepository;
  unanswered: UnansweredRepository;
  recent: RecentQuestionRepository;
  autoanswer: AutoAnswerRepository;
  answered: AnsweredMessageRepository;
}

/** All repositories on one database; `clock` stamps their timestamps (tests pass a fake). */
export function createRepositories(db: Sql, clock: Clock = systemClock): Repositories {
  return {
    subscriptions: new SubscriptionRepository(db, clock),
    ledger: new PostLedger(db, clock),
    rotation: new FactRotation(db, clock),
    feedback: new FeedbackRepository(db, clock),
    unanswered: new UnansweredRepository(db, clock),
    recent: new RecentQuestionRepository(db, clock),
    autoanswer: new AutoAnswerRepository(db, clock),
    answered: new AnsweredMessageRepository(db, clock),
  };
}
