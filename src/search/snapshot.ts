import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Document } from '../corpus/types.ts';
import type { AliasGroup } from './aliases.ts';
import { ANALYZER_VERSION } from './analyzer.ts';
import { SearchIndex, SNAPSHOT_FORMAT, type Snapshot } from './index.ts';

/** The snapshot key: the corpus, the alias groups, the analyzer and the snapshot format together. */
export function snapshotKey(corpusFingerprint: string, groups: readonly AliasGroup[]): string {
  return createHash('sha256')
    .update(`${SNAPSHOT_FORMAT}:${ANALYZER_VERSION}:${corpusFingerprint}:`)
    .update(JSON.stringify(groups))
    .digest('hex')
    .slice(0, 24);
}

export interface IndexLoad {
  index: SearchIndex;
  /** 'snapshot' when a current snapshot was loaded, 'built' when the index was (re)built. */
  source: 'snapshot' | 'built';
  ms: number;
}

/**
 * Loads the index from `<dir>/index-<key>.json` when that snapshot exists and is current, else
 * builds it and saves the snapshot (atomically, via a temporary file). A corrupt or stale
 * snapshot is ignored and replaced; failing to save one only costs the next start some time.
 */
export async function loadOrBuildIndex(
  documents: readonly Document[],
  groups: AliasGroup[],
  key: string,
  dir: string | null,
): Promise<IndexLoad> {
  const started = performance.now();
  const file = dir ? join(dir, `index-${key}.json`) : null;
  if (file) {
    const snapshot = await readSnapshot(file, key);
    if (snapshot) {
      try {
        const index = SearchIndex.fromSnapshot(snapshot, documents, groups);
        return { index, source: 'snapshot', ms: performance.now() - started };
      } catch {
        // stale or inconsistent: rebuild below
      }
    }
  }
  const index = SearchIndex.build(documents, groups);
  if (file && dir) {
    try {
      await mkdir(dir, { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(index.toSnapshot(key)));
      await rename(tmp, file);
    } catch {
      // read-only checkout or full disk: serving matters more than caching
    }
  }
  return { index, source: 'built', ms: performance.now() - started };
}

async function readSnapshot(file: string, key: string): Promise<Snapshot | null> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
    if (
      !isSnapshot(parsed) ||
      parsed.key !== key ||
      parsed.format !== SNAPSHOT_FORMAT ||
      parsed.analyzerVersion !== ANALYZER_VERSION
    ) {
      return null;
    }
    return parsed;
  } catch {
    return null;
  }
}

function isSnapshot(v: unknown): v is Snapshot {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.key === 'string' &&
    typeof o.format === 'number' &&
    typeof o.analyzerVersion === 'number' &&
    typeof o.minisearch === 'object' &&
    Array.isArray(o.terms) &&
    o.terms.every((t) => typeof t === 'string') &&
    Array.isArray(o.surfaces) &&
    o.surfaces.every((t) => typeof t === 'string')
  );
}
