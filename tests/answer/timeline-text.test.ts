import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasGlyph, textWidth } from '../../src/answer/fonts.ts';
import {
  badgeNumber,
  clean,
  cutChars,
  drawableText,
  escapeXml,
  fitWidth,
  shortenChars,
} from '../../src/answer/timeline-text.ts';

// Any strings: lone surrogates, control characters, markup and emoji included.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  fc.string({
    unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', '\n', '\u0000', '\uD800', '😀', '日'),
  }),
);

/** Characters XML 1.0 allows, C1 controls left out (the cleaner drops those too). */
const XML_SAFE = /^[\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;
const BIDI = /[\u202A-\u202E\u2066-\u2069]/u;

describe('clean', () => {
  it('drops characters XML forbids and bidi controls, and collapses whitespace', () => {
    expect(clean('  a\u0000b\u001bc\uD800d\uFFFEe\u202Ef\u2066g\u0085h  ')).toBe('abcdefgh');
    expect(clean('one\t\ttwo\n\r three')).toBe('one two three');
    expect(clean('')).toBe('');
  });

  it('cuts to `max` characters, never half an emoji', () => {
    expect(clean('abcdef', 3)).toBe('abc');
    expect(clean('ab😀', 3)).toBe('ab');
    expect(clean('x'.repeat(1000))).toHaveLength(400);
    // a cut at a space leaves no space at the end
    expect(clean('ab cd', 3)).toBe('ab');
  });

  it('always gives XML-safe, single-spaced, trimmed text of bounded length', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 40 }), (text, max) => {
        const out = clean(text, max);
        expect(out).toMatch(XML_SAFE);
        expect(out).not.toMatch(BIDI);
        expect(out).not.toMatch(/\s\s|^\s|\s$|[\t\n\r]/u);
        expect(out.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cutChars', () => {
  it('keeps short text and cuts long text to `max` code units', () => {
    expect(cutChars('abc', 3)).toBe('abc');
    expect(cutChars('abcd', 3)).toBe('abc');
  });

  it('drops a high surrogate the cut would leave alone', () => {
    expect(cutChars('a😀b', 2)).toBe('a');
    expect(cutChars('a😀b', 3)).toBe('a😀');
  });
});

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('never leaves a raw special, and every & starts an entity that unescapes back', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const out = escapeXml(text);
        expect(out).not.toMatch(/[<>"']/u);
        expect(out).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos);)/u);
        const back = out
          .replace(/&lt;/gu, '<')
          .replace(/&gt;/gu, '>')
          .replace(/&quot;/gu, '"')
          .replace(/&apos;/gu, "'")
          .replace(/&amp;/gu, '&');
        expect(back).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('drawableText', () => {
  it('marks each run of characters the font lacks with one ▯', () => {
    expect(drawableText('日本語 and emoji 😀🇮🇷 mixed', 'regular')).toBe('▯ and emoji ▯ mixed');
    expect(drawableText('Москва قاسم é', 'bold')).toBe('Москва قاسم é');
  });

  it('drops invisible characters the font lacks instead of marking them', () => {
    // neither U+FE0F (a variation selector) nor U+263A (☺) is in the font
    expect(drawableText('a\uFE0Fb', 'regular')).toBe('ab');
    expect(drawableText('☺\uFE0F!', 'regular')).toBe('▯!');
  });

  it('gives only characters the font has, never two marks in a row', () => {
    fc.assert(
      fc.property(anyText, fc.constantFrom('regular', 'bold'), (text, weight) => {
        fc.pre(!text.includes('\u25AF'));
        const out = drawableText(text, weight);
        for (const ch of out) expect(hasGlyph(ch.codePointAt(0) ?? 0, weight)).toBe(true);
        expect(out).not.toContain('\u25AF\u25AF');
      }),
      { numRuns: 200 },
    );
  });
});

describe('fitWidth', () => {
  it('keeps text that fits', () => {
    const text = 'Talks resumed';
    expect(fitWidth(text, textWidth(text, 16, 'regular'), 16, 'regular')).toBe(text);
  });

  it('cuts at a word near the end, with an ellipsis and no trailing punctuation', () => {
    const text = 'alpha beta, gamma delta epsilon';
    // room for 'alpha beta, gamma del' and the ellipsis: the cut goes back to the space
    const max = textWidth('alpha beta, gamma del…', 16, 'regular') + 0.5;
    expect(fitWidth(text, max, 16, 'regular')).toBe('alpha beta, gamma…');
  });

  it('cuts mid-word when no space is near, and gives nothing when not even … fits', () => {
    const text = 'Supercalifragilisticexpialidocious';
    const out = fitWidth(text, 100, 16, 'regular');
    expect(out).toMatch(/^Super\w*…$/u);
    expect(fitWidth(text, 5, 16, 'regular')).toBe('');
  });

  it('never splits a character made of several code points', () => {
    const text = `${'e\u0301'.repeat(40)}`;
    const out = fitWidth(text, 120, 16, 'regular');
    expect(out.endsWith('…')).toBe(true);
    expect(out.slice(0, -1)).toMatch(/^(e\u0301)+$/u);
  });

  it('always fits within `max`, as a prefix of the text plus …', () => {
    fc.assert(
      fc.property(
        anyText,
        fc.double({ min: 0, max: 800, noNaN: true }),
        fc.constantFrom('regular', 'bold'),
        (text, max, weight) => {
          const out = fitWidth(text, max, 16, weight);
          if (out === text) return;
          expect(textWidth(out, 16, weight)).toBeLessThanOrEqual(max + 1e-9);
          if (out !== '') {
            expect(out.endsWith('…')).toBe(true);
            expect(text.startsWith(out.slice(0, -1))).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('shortenChars', () => {
  it('keeps short text and cuts long text at a word, with an ellipsis', () => {
    expect(shortenChars('short', 10)).toBe('short');
    expect(shortenChars('alpha beta; gamma delta', 20)).toBe('alpha beta; gamma…');
    expect(shortenChars('abcdefghij', 5)).toBe('abcd…');
  });

  it('never exceeds `max` characters', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 1, max: 400 }), (text, max) => {
        const out = shortenChars(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        if (text.length > max) expect(out.endsWith('…')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('badgeNumber', () => {
  it('shows small whole numbers and "?" for anything else', () => {
    expect([0, 7, 999_999].map(badgeNumber)).toEqual(['0', '7', '999999']);
    expect([-1, 1.5, 1_000_000, Number.NaN, Number.POSITIVE_INFINITY].map(badgeNumber)).toEqual([
      '?',
      '?',
      '?',
      '?',
      '?',
    ]);
  });
});
