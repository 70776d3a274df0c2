import type { EngineOptions } from '../answer/engine.ts';
import { loadSemantics } from '../semantics/index.ts';
import { openDatabase } from '../storage/db.ts';
import { ParagraphIdLedger } from '../storage/paragraph-ids.ts';

/**
 * The engine's options as plain data, so a worker thread builds with exactly the options the
 * serving thread loaded with: what cannot cross threads is named by its file instead (the id
 * ledger by its database, word meaning by its prepared folder).
 */
export type PortableEngineOptions = Omit<EngineOptions, 'ids' | 'semantics'> & {
  /** The SQLite file holding the paragraph id ledger; null for positional ids (no database). */
  idsDatabase: string | null;
  /** Where word meaning was prepared (SEMANTICS_DIR); null for word forms only. */
  semanticsDir: string | null;
};

/**
 * Opens what the options name and returns loadEngine's options, with `close` to release them
 * once the engine is loaded. Word meaning is loaded, never prepared (the serving thread did that).
 * @example const { options, close } = openEngineOptions(portable); try { await loadEngine(options) } finally { close() }
 */
export function openEngineOptions(
  portable: PortableEngineOptions,
  /** Word meaning this thread already loaded from `semanticsDir` (not loaded twice). */
  loaded: { semantics?: EngineOptions['semantics'] } = {},
): {
  options: EngineOptions;
  close(): void;
} {
  const { idsDatabase, semanticsDir, ...rest } = portable;
  const semantics =
    loaded.semantics !== undefined
      ? loaded.semantics
      : semanticsDir === null
        ? null
        : loadSemantics(semanticsDir);
  if (idsDatabase === null) return { options: { ...rest, semantics }, close: () => {} };
  const db = openDatabase(idsDatabase);
  return {
    options: { ...rest, semantics, ids: new ParagraphIdLedger(db) },
    close: () => db.close(),
  };
}
