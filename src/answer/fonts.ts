import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as fontkit from 'fontkit';

/**
 * The pictures' one typeface: DejaVu Sans (Bitstream Vera licence, DejaVu changes public domain:
 * fonts/LICENSE), shipped in fonts/ beside this file, so a picture renders the same on every
 * machine whatever fonts the system has. The files are cut to Latin, Greek, Cyrillic, Armenian,
 * Hebrew, Arabic and Georgian by `npm run fonts`; other scripts (CJK) are drawn as gaps.
 */
export const FONT_FAMILY = 'DejaVu Sans';

export type FontWeight = 'regular' | 'bold';

const FILES: Record<FontWeight, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
};

// Beside this file under tsx and vitest; the esbuild bundle runs from dist/, which sits beside src/.
const DIRS = [
  new URL('./fonts/', import.meta.url),
  new URL('../src/answer/fonts/', import.meta.url),
];

let paths: Record<FontWeight, string> | undefined;

/**
 * Absolute paths of the shipped font files, for the renderer's font list.
 * @example fontFiles().regular // '/…/src/answer/fonts/DejaVuSans.ttf'
 */
export function fontFiles(): Record<FontWeight, string> {
  if (!paths) {
    const dirs = DIRS.map((u) => fileURLToPath(u));
    const dir = dirs.find((d) => existsSync(`${d}${FILES.regular}`));
    if (dir === undefined) {
      throw new Error(`fonts: ${FILES.regular} not found in ${dirs.join(' or ')}`);
    }
    paths = { regular: `${dir}${FILES.regular}`, bold: `${dir}${FILES.bold}` };
  }
  return paths;
}

interface Metrics {
  font: fontkit.Font;
  /** Advance width in em per code point, filled as characters are first seen. */
  advances: Map<number, number>;
}

const metrics = new Map<FontWeight, Metrics>();

function metricsFor(weight: FontWeight): Metrics {
  let m = metrics.get(weight);
  if (!m) {
    const opened = fontkit.openSync(fontFiles()[weight]);
    if ('fonts' in opened) throw new Error(`fonts: ${FILES[weight]} is a collection, not one font`);
    m = { font: opened, advances: new Map() };
    metrics.set(weight, m);
  }
  return m;
}

/**
 * The width of one character in em: its advance in the font, kerning left out (which only makes
 * text narrower, so a fit measured this way still fits). Characters the font lacks count as the
 * missing-glyph box's width.
 */
export function charWidth(codePoint: number, weight: FontWeight): number {
  const m = metricsFor(weight);
  let w = m.advances.get(codePoint);
  if (w === undefined) {
    w = m.font.glyphForCodePoint(codePoint).advanceWidth / m.font.unitsPerEm;
    m.advances.set(codePoint, w);
  }
  return w;
}

/**
 * The width of a line of text in pixels at `size` px.
 * @example textWidth('2022', 16, 'bold') // ≈ 44.5
 */
export function textWidth(text: string, size: number, weight: FontWeight = 'regular'): number {
  let em = 0;
  for (const ch of text) em += charWidth(ch.codePointAt(0) ?? 0, weight);
  return em * size;
}

/** True when the font draws this character (false for scripts it was not cut to, such as CJK). */
export function hasGlyph(codePoint: number, weight: FontWeight): boolean {
  return metricsFor(weight).font.hasGlyphForCodePoint(codePoint);
}
