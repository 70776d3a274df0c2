import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CorpusMeaning } from './meaning.ts';
import type { SavedTermVectors } from './meaning-sources.ts';

const MAGIC = 'DOSSTV1\n';

/**
 * Gives `meaning` its corpus terms' neighbour search from `<dir>/meaning-<key>.bin` when that file
 * was made for the same corpus (the snapshot key) and the same resources, else builds it (about
 * 0.5 s at 50,000 terms) and saves it there, so only the first start after a change pays for it.
 * Without a directory it just builds, so no question waits for it. A damaged file is rebuilt.
 */
export async function loadOrSaveTermVectors(
  meaning: CorpusMeaning,
  dir: string | null,
  snapshotKey: string,
): Promise<'restored' | 'built' | 'none'> {
  if (!meaning.enabled) return 'none';
  if (!dir) {
    meaning.warm();
    return 'built';
  }
  const id = createHash('sha256').update(meaning.version).digest('hex').slice(0, 12);
  const file = join(dir, `meaning-${snapshotKey}-${id}.bin`);
  try {
    const saved = decode(await readFile(file));
    if (saved && meaning.restore(saved)) return 'restored';
  } catch {
    // missing or unreadable: build below
  }
  const saved = meaning.saved();
  if (!saved) return 'none';
  try {
    await mkdir(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, encode(saved));
    await rename(tmp, file);
  } catch {
    // a read-only cache costs the next start half a second, nothing more
  }
  return 'built';
}

/** magic · u32 header length · header JSON {version, terms} · u32 length · neighbour bytes */
export function encode(saved: SavedTermVectors): Uint8Array {
  const header = Buffer.from(JSON.stringify({ version: saved.version, terms: saved.terms }));
  const out = Buffer.alloc(MAGIC.length + 4 + header.length + 4 + saved.neighbours.length);
  let at = out.write(MAGIC, 0, 'latin1');
  at = out.writeUInt32LE(header.length, at);
  at += header.copy(out, at);
  at = out.writeUInt32LE(saved.neighbours.length, at);
  out.set(saved.neighbours, at);
  return out;
}

/** The saved vectors, or null when the bytes are not a whole, well-formed save. */
export function decode(bytes: Buffer): SavedTermVectors | null {
  if (bytes.length < MAGIC.length + 8 || bytes.toString('latin1', 0, MAGIC.length) !== MAGIC)
    return null;
  let at = MAGIC.length;
  const headerLength = bytes.readUInt32LE(at);
  at += 4;
  if (at + headerLength + 4 > bytes.length) return null;
  const header: unknown = JSON.parse(bytes.toString('utf8', at, at + headerLength));
  at += headerLength;
  const length = bytes.readUInt32LE(at);
  at += 4;
  if (at + length !== bytes.length) return null;
  if (
    typeof header !== 'object' ||
    header === null ||
    !('version' in header) ||
    !('terms' in header) ||
    typeof header.version !== 'string' ||
    !Array.isArray(header.terms) ||
    !header.terms.every((t: unknown) => typeof t === 'string')
  )
    return null;
  // a copy: the neighbour index keeps typed-array views on it, aligned to its own buffer
  const neighbours = new Uint8Array(length);
  neighbours.set(bytes.subarray(at, at + length));
  return { version: header.version, terms: header.terms as string[], neighbours };
}
