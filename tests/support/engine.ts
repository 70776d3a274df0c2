/** Shared test doubles over the real engine: the repo's corpus, loaded once per test file. */
import type { RecentQuestion, RecentQuestions } from '../../commands/types.ts';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';

let enginePromise: Promise<Engine> | undefined;
/** The real engine over the repo's corpus (loaded once per test file). */
export function engine(): Promise<Engine> {
  enginePromise ??= loadEngine({ corpusDir: 'corpus', snapshotDir: null });
  return enginePromise;
}

/** In-memory recent questions with predictable keys (k1, k2, …). */
export class TestRecent implements RecentQuestions {
  readonly entries = new Map<string, RecentQuestion>();
  async remember(entry: RecentQuestion): Promise<string> {
    const key = `k${this.entries.size + 1}`;
    this.entries.set(key, entry);
    return key;
  }
  async get(key: string): Promise<RecentQuestion | undefined> {
    return this.entries.get(key);
  }
}
