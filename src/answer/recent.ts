import { randomBytes } from 'node:crypto';
import type { RecentQuestion, RecentQuestions } from '../../commands/types.ts';

/**
 * Recent questions kept in memory (least recently used dropped past `capacity`), so a button id
 * of ≤ 100 characters can refer to a question of up to 300. Lost on restart: a button pressed
 * after that is told the answer expired.
 */
export class RecentQuestionStore implements RecentQuestions {
  private readonly entries = new Map<string, RecentQuestion>();
  constructor(private readonly capacity = 2000) {}

  remember(entry: RecentQuestion): string {
    const key = randomBytes(6).toString('base64url');
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return key;
  }

  get(key: string): RecentQuestion | undefined {
    const entry = this.entries.get(key);
    if (entry) {
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }
}
