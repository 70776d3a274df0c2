/**
 * Follow-ups read with their conversation: the rule (readTurn), conversations per thread
 * (Conversations), and the store they are kept in (ConversationStore; the database's
 * ConversationRepository in src/storage/conversations.ts, or memory).
 */
export * from './conversations.ts';
export * from './read.ts';
export * from './types.ts';
