import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type MockInstance, vi } from 'vitest';

/** What a fit driver's test reads: its temporary folder and the console lines it wrote. */
export interface QuietFit {
  dir: string;
  error: MockInstance<typeof console.error>;
  log: MockInstance<typeof console.log>;
}

/**
 * Runs `test` in a fresh temporary folder with the console captured and silenced (a fit reports
 * on stderr and prints its scores on stdout), and removes the folder afterwards, pass or fail.
 * The spies are restored by the test file's `vi.restoreAllMocks()`.
 */
export async function inQuietFit(prefix: string, test: (io: QuietFit) => Promise<void>) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  const error = vi.spyOn(console, 'error').mockImplementation(() => {});
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  try {
    await test({ dir, error, log });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
