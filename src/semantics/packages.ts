import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { z } from 'zod';

const require = createRequire(import.meta.url);

const PackageJson = z.object({ version: z.string().min(1) });

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
  const parsed = PackageJson.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) return null;
  return { name, version: parsed.data.version, dir: dirname(file) };
}
