/**
 * What the last fetch of a site saved: per page URL, the file it went to and the validators
 * (ETag, Last-Modified) for the next, conditional, request. Kept as `.dossier-fetch.json` in the
 * output folder (a dot file: the corpus loader skips it).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

export const STATE_FILE = '.dossier-fetch.json';

const PageState = z.object({
  path: z.string().min(1),
  type: z.enum(['html', 'md']),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  fetchedAt: z.string(),
});
export type PageState = z.infer<typeof PageState>;

const State = z.object({
  version: z.literal(1),
  start: z.string(),
  /** Where the last run found its pages. */
  source: z.enum(['sitemap', 'links']).optional(),
  pages: z.record(z.string(), PageState),
});
export type FetchState = z.infer<typeof State>;

/** The state in `dir`, or an empty one; a file that is not ours says so rather than being overwritten. */
export async function readState(dir: string, start: string): Promise<FetchState> {
  let text: string;
  try {
    text = await readFile(join(dir, STATE_FILE), 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT')
      return { version: 1, start, pages: {} };
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `${join(dir, STATE_FILE)} is not valid JSON; delete it to fetch everything again`,
    );
  }
  const parsed = State.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `${join(dir, STATE_FILE)} is not a fetch state file; delete it to fetch everything again`,
    );
  return parsed.data;
}

/** Writes the state atomically (a temporary file renamed over the old one). */
export async function writeState(dir: string, state: FetchState): Promise<void> {
  const path = join(dir, STATE_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(state, null, 2)}\n`);
  await rename(tmp, path);
}
