import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fontFiles, hasGlyph, textWidth } from '../../src/answer/fonts.ts';

describe('fonts', () => {
  it('ships both weights with the licence beside them', () => {
    const { regular, bold } = fontFiles();
    expect(existsSync(regular)).toBe(true);
    expect(existsSync(bold)).toBe(true);
    expect(existsSync(regular.replace(/DejaVuSans\.ttf$/u, 'LICENSE'))).toBe(true);
  });

  it('measures text by the font’s own advances', () => {
    expect(textWidth('', 16)).toBe(0);
    expect(textWidth('WWWW', 16)).toBeGreaterThan(textWidth('iiii', 16) * 2);
    expect(textWidth('2022', 16, 'bold')).toBeGreaterThan(textWidth('2022', 16));
    expect(textWidth('abc', 32)).toBeCloseTo(textWidth('abc', 16) * 2, 10);
    // DejaVu Sans digits are 0.636 em wide
    expect(textWidth('0', 100)).toBeCloseTo(63.6, 0);
  });

  it('knows which scripts it draws', () => {
    for (const ch of ['a', 'é', 'Ж', 'ع', 'א', '…']) {
      expect(hasGlyph(ch.codePointAt(0) ?? 0, 'regular')).toBe(true);
    }
    expect(hasGlyph('日'.codePointAt(0) ?? 0, 'regular')).toBe(false);
  });
});
