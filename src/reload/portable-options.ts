import type { EngineOptions } from '../answer/engine.ts';
import { loadSemantics } from '../semantics/index.ts';
import { openStorage } from '../storage/open.ts';
import { ParagraphIdLedger } from '../storage/paragraph-ids.ts';

/**
 * The engine's options as plain data, so a worker thread builds with exactly the options the
 * serving thread loaded with: what cannot cross threads is named by its file instead (the id
 * ledger by its database, word meaning by its prepared folder).
 */
export type PortableEngineOptions = Omit<EngineOptions, 'ids' | 'semantics'> & {
  /**
   * The database holding the paragraph id ledger: a SQLite file, or a postgres:// URL (the one
   * every instance shares, so they all give a paragraph the same id); null for positional ids.
   */
  idsDatabase: string | null;
  /** Where word meaning was prepared (SEMANTICS_DIR); null for word forms only. */
  semanticsDir: string | null;
};

/** True for a PostgreSQL connection string rather than a file path. */
export function isDatabaseUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//iu.test(target);
}

/**
 * Opens what the options name and returns loadEngine's options, with `close` to release them
 * once the engine is loaded. Word meaning is loaded, never prepared (the serving thread did that).
 * Rejects with DatabaseConnectError when a PostgreSQL server cannot be reached.
 * @example const { options, close } = await openEngineOptions(portable); try { await loadEngine(options) } finally { await close() }
 */
export async function openEngineOptions(
  portable: PortableEngineOptions,
  /** Word meaning this thread already loaded from `semanticsDir` (not loaded twice). */
  loaded: { semantics?: EngineOptions['semantics'] } = {},
): Promise<{
  options: EngineOptions;
  close(): Promise<void>;
}> {
  const { idsDatabase, semanticsDir, ...rest } = portable;
  const semantics =
    loaded.semantics !== undefined
      ? loaded.semantics
      : semanticsDir === null
        ? null
        : loadSemantics(semanticsDir);
  if (idsDatabase === null) return { options: { ...rest, semantics }, close: async () => {} };
  // One connection is all the id assignment (one transaction) needs.
  const db = isDatabaseUrl(idsDatabase)
    ? await openStorage({ databaseUrl: idsDatabase, databasePath: '', poolSize: 1 })
    : await openStorage({ databasePath: idsDatabase });
  return {
    options: { ...rest, semantics, ids: new ParagraphIdLedger(db) },
    close: () => db.close(),
  };
}
