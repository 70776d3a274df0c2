/** The daily cited fact: the due rule, the platform-neutral sender contract and the scheduler. */
export * from './due.ts';
export * from './sender.ts';
export * from './service.ts';
