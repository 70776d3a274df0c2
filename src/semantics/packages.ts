import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

export interface InstalledPackage {
  name: string;
  version: string;
  /** The package's folder. */
  dir: string;
}

/**
 * The installed copy of a data package, or null when it is not installed. Reads only its
 * package.json: resolving the package itself would load wink-embeddings' 300 MB main file.
 */
export function installedPackage(name: string): InstalledPackage | null {
  let file: string;
  try {
    file = require.resolve(`${name}/package.json`);
  } catch {
    return null;
  }
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const version =
    typeof parsed === 'object' && parsed !== null && 'version' in parsed ? parsed.version : null;
  if (typeof version !== 'string') return null;
  return { name, version, dir: dirname(file) };
}
