/**
 * Makes the fonts pictures are drawn with (src/answer/fonts/) from the DejaVu Sans files of the
 * dejavu-fonts-ttf package: cut to the scripts a document is likely to quote, because the renderer
 * lays out text four times faster with a small font than with the full one (100 → 25 ms of CPU
 * for a 40-event timeline). Run after changing the ranges; the output is committed.
 *
 * usage: npm run fonts
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import subsetFont from 'subset-font';
import { runCli } from './run.ts';

const require = createRequire(import.meta.url);
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'answer', 'fonts');

/** Unicode blocks kept: Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Georgian, punctuation. */
const RANGES: readonly (readonly [number, number])[] = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x024f], // Latin-1 Supplement, Latin Extended-A and -B
  [0x0250, 0x02ff], // IPA, spacing modifier letters (ʼ ʻ)
  [0x0300, 0x036f], // combining diacritics, for text written decomposed
  [0x0370, 0x03ff], // Greek
  [0x0400, 0x052f], // Cyrillic and its supplement
  [0x0530, 0x058f], // Armenian
  [0x0590, 0x05ff], // Hebrew
  [0x0600, 0x06ff], // Arabic (Persian letters included)
  [0x10a0, 0x10ff], // Georgian
  [0x1e00, 0x1eff], // Latin Extended Additional (Vietnamese)
  [0x1f00, 0x1fff], // Greek Extended (polytonic)
  [0x2000, 0x206f], // general punctuation (– — ‘ ’ “ ” …)
  [0x2070, 0x209f], // superscripts and subscripts
  [0x20a0, 0x20cf], // currency
  [0x2100, 0x21ff], // letterlike symbols, number forms, arrows
  [0x25a0, 0x25ff], // geometric shapes
  [0xfb50, 0xfdff], // Arabic presentation forms A
  [0xfe70, 0xfeff], // Arabic presentation forms B
  [0xfffd, 0xfffd], // replacement character
];

const FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'] as const;

async function main(): Promise<number> {
  const text = RANGES.flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, i) => String.fromCodePoint(from + i)),
  ).join('');
  await mkdir(OUT, { recursive: true });
  for (const file of FILES) {
    const source = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    const subset = await subsetFont(await readFile(source), text, { targetFormat: 'truetype' });
    await writeFile(join(OUT, file), subset);
    console.log(`fonts: ${file}: ${subset.length} bytes`);
  }
  await copyFile(require.resolve('dejavu-fonts-ttf/LICENSE'), join(OUT, 'LICENSE'));
  return 0;
}

runCli(main, 'fonts');
