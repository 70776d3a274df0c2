/**
 * `npm run corpus:check` on a corpus with links out of it: each refused link is named with its
 * target, and the check fails; CORPUS_FOLLOW_OUTSIDE=true follows them (as before).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

function check(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/corpus-check.ts', '--corpus', join(base, 'corpus')],
      { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '', ...env } },
      (error, out, err) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out, err }),
    );
  });
}

let base: string;
beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), 'dossier-check-links-')));
  await mkdir(join(base, 'corpus'));
  await writeFile(join(base, 'corpus', 'good.md'), 'Drones were delivered in August 2022.\n');
  await writeFile(join(base, 'secret.txt'), 'The admin password is hunter2 for the database.\n');
  await symlink(join(base, 'secret.txt'), join(base, 'corpus', 'passwd.txt'));
  await symlink('/proc/self/status', join(base, 'corpus', 'status.txt'));
});
afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

it.concurrent('names each refused link with its target and fails', async () => {
  const { code, out, err } = await check({});
  expect(code).toBe(1);
  const corpus = join(base, 'corpus');
  expect(err.split('\n').filter(Boolean)).toEqual([
    `${corpus}/passwd.txt: symbolic link to ${join(base, 'secret.txt')}, outside the corpus folder; not loaded (CORPUS_FOLLOW_OUTSIDE=true would follow it)`,
    expect.stringMatching(
      /\/status\.txt: symbolic link to \/proc\/self\/status \(\/proc\/\d+\/status\), outside the corpus folder; not loaded/u,
    ),
  ]);
  expect(out).toContain('1 documents, 1 paragraphs');
}, 60_000);

it.concurrent('CORPUS_FOLLOW_OUTSIDE=true follows them', async () => {
  const { out, err } = await check({ CORPUS_FOLLOW_OUTSIDE: 'true' });
  expect(err).not.toContain('outside the corpus folder');
  expect(out).toMatch(/^3 documents/u);
}, 60_000);

it.concurrent('lists front matter keys it ignores and includes it skips as notes, never failing', async () => {
  const dir = join(base, 'docs-corpus');
  await mkdir(dir, { recursive: true });
  await writeFile(
    join(dir, 'page.md'),
    '---\ntitle: Page\nsidebar: false\n---\n# Page\n\nSome text here.\n\n<<< ./snippet.ts\n',
  );
  const out = await new Promise<{ code: number; out: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/corpus-check.ts', '--corpus', dir],
      { encoding: 'utf8', timeout: 60_000, env: { PATH: process.env.PATH ?? '' } },
      (error, stdout) => resolve({ code: error ? 1 : 0, out: stdout }),
    );
  });
  expect(out.code).toBe(0);
  expect(out.out).toContain(`${dir}/page.md:3: note: front matter key sidebar ignored`);
  expect(out.out).toContain(
    `${dir}/page.md:9: note: include directive skipped (<<< ./snippet.ts); the file it names is not loaded`,
  );
  expect(out.out).toMatch(
    /^1 documents, 1 paragraphs, 0 acronyms learned; 0 problems \(1 read as documentation, by section; 2 notes\)$/mu,
  );
}, 60_000);
