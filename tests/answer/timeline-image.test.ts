import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { decimalYear } from '../../src/answer/time-axis.ts';
import {
  IMAGE_WIDTH,
  MAX_ALT,
  MAX_IMAGE_EVENTS,
  MAX_IMAGE_HEIGHT,
  renderTimelineImage,
  type TimelineImageEvent,
  timelineAlt,
  timelineImageEvents,
  timelineSvg,
} from '../../src/answer/timeline-image.ts';
import type { Fact } from '../../src/facts/types.ts';

const ev = (n: number, key: string, text: string, date = key): TimelineImageEvent => ({
  n,
  date,
  when: decimalYear(key),
  text,
});

const SEED: TimelineImageEvent[] = [
  ev(1, '1979', 'the Islamic Republic’s formation'),
  ev(2, '2015', 'the multilateral Iran nuclear deal'),
  ev(3, '2022-02', 'Putin’s war against Ukraine launched', 'February 2022'),
  ev(4, '2023-03', 'Iran agreed to restore diplomatic relations with Saudi Arabia', 'March 2023'),
];

function decode(png: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(png));
}

function pixel(img: PNG, x: number, y: number): [number, number, number] {
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [img.data[i] ?? -1, img.data[i + 1] ?? -1, img.data[i + 2] ?? -1];
}

/** Pixels in a rectangle that are not the white background. */
function inked(img: PNG, x0: number, y0: number, x1: number, y1: number): number {
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const [r, g, b] = pixel(img, x, y);
      if (r + g + b < 600) n++;
    }
  }
  return n;
}

function colours(img: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) {
    seen.add(((img.data[i] ?? 0) << 16) | ((img.data[i + 1] ?? 0) << 8) | (img.data[i + 2] ?? 0));
  }
  return seen.size;
}

/** The y of every numbered badge, and the text on each, in drawing order. */
function badges(svg: string): { y: number; n: string }[] {
  return [
    ...svg.matchAll(/<rect x="[\d.]+" y="([\d.-]+)"[^>]*rx="11"[^>]*\/><text[^>]*>([^<]*)</gu),
  ].map((m) => ({ y: Number(m[1]), n: m[2] ?? '' }));
}

function dots(svg: string): { x: number; y: number }[] {
  return [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.-]+)"/gu)].map((m) => ({
    x: Number(m[1]),
    y: Number(m[2]),
  }));
}

/** Tick labels: the text elements anchored at their end. */
function tickLabels(svg: string): string[] {
  return [...svg.matchAll(/<text [^>]*text-anchor="end">([^<]*)<\/text>/gu)].map((m) => m[1] ?? '');
}

const TAGS = new Set(['svg', 'title', 'rect', 'text', 'line', 'polyline', 'circle']);

/** Only the elements the renderer writes, and every & an entity: no input added markup. */
function onlyOwnMarkup(svg: string): boolean {
  const names = [...svg.matchAll(/<\/?([^\s/>]+)/gu)].map((m) => m[1] ?? '');
  const text = svg.replace(/<[^<>]*>/gu, '');
  return (
    names.every((n) => TAGS.has(n)) &&
    !/[<>]/u.test(text) &&
    !/&(?!(?:amp|lt|gt|quot|apos);)/u.test(text)
  );
}

describe('renderTimelineImage', () => {
  it('draws the events as a PNG of the stated size, with markers and text painted', async () => {
    const image = await renderTimelineImage({ title: 'Timeline', events: SEED });
    const png = decode(image.png);
    const { svg, height } = timelineSvg({ title: 'Timeline', events: SEED });
    expect([png.width, png.height]).toEqual([IMAGE_WIDTH, height]);
    expect([image.width, image.height]).toEqual([png.width, png.height]);
    expect(colours(png)).toBeGreaterThan(8);
    // every dot is painted in the marker blue (#2b6cb0) where the SVG puts it
    for (const d of dots(svg)) {
      const [r, g, b] = pixel(png, d.x, d.y);
      expect(Math.abs(r - 0x2b) + Math.abs(g - 0x6c) + Math.abs(b - 0xb0)).toBeLessThan(30);
    }
    // text was drawn, so the shipped fonts were found with system fonts off
    for (const b of badges(svg)) expect(inked(png, 320, b.y, 1100, b.y + 22)).toBeGreaterThan(150);
    expect(inked(png, 20, 20, 400, 60)).toBeGreaterThan(300); // the title
  });

  it('draws one event', async () => {
    const events = [ev(1, '2023-03', 'Talks resumed', 'March 2023')];
    const png = decode((await renderTimelineImage({ title: 'One', events })).png);
    const { svg } = timelineSvg({ title: 'One', events });
    expect(badges(svg).map((b) => b.n)).toEqual(['1']);
    expect(dots(svg)).toHaveLength(1);
    expect(png.width).toBe(IMAGE_WIDTH);
  });

  it('stacks events on the same day instead of overlapping them', () => {
    const events = [ev(1, '2022-02-24', 'Invasion'), ev(2, '2022-02-24', 'Sanctions announced')];
    const { svg } = timelineSvg({ title: 'Same day', events });
    expect(dots(svg)).toHaveLength(1);
    const ys = badges(svg).map((x) => x.y);
    expect(ys).toHaveLength(2);
    expect(Math.abs((ys[1] ?? 0) - (ys[0] ?? 0))).toBeGreaterThanOrEqual(22);
  });

  it('fits 40 events over 50 years with year ticks, every badge clear of the next', async () => {
    const events = Array.from({ length: 40 }, (_, i) =>
      ev(i + 1, String(1974 + Math.round(i * 1.25)), `Event ${i + 1}: something happened`),
    );
    const { svg, height } = timelineSvg({ title: 'Forty', events });
    const b = badges(svg);
    expect(b.map((x) => x.n)).toEqual(events.map((e) => String(e.n)));
    for (let i = 1; i < b.length; i++) {
      expect((b[i]?.y ?? 0) - (b[i - 1]?.y ?? 0)).toBeGreaterThanOrEqual(22);
    }
    const ticks = tickLabels(svg);
    expect(ticks.length).toBeGreaterThanOrEqual(5);
    for (const t of ticks) expect(t).toMatch(/^\d{4}$/u);
    expect(height).toBeLessThanOrEqual(MAX_IMAGE_HEIGHT);
    const png = decode((await renderTimelineImage({ title: 'Forty', events })).png);
    expect(png.height).toBe(height);
  });

  it('labels a span of a few days with day ticks', () => {
    const events = [
      ev(1, '2022-03-01', 'Talks opened'),
      ev(2, '2022-03-02', 'First round ended'),
      ev(3, '2022-03-04', 'Talks broke down'),
    ];
    const ticks = tickLabels(timelineSvg({ title: 'Days', events }).svg);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
    for (const t of ticks) expect(t).toMatch(/^\d{1,2} [A-Z][a-z]{2} 2022$/u);
  });

  it(`draws at most ${MAX_IMAGE_EVENTS} events and says the reply has the rest`, () => {
    const events = Array.from({ length: 60 }, (_, i) => ev(i + 1, String(1960 + i), `E${i + 1}`));
    const { svg, height } = timelineSvg({ title: 'Many', events });
    expect(badges(svg)).toHaveLength(MAX_IMAGE_EVENTS);
    expect(svg).toContain('Showing the first 50 of 60 events; the reply lists them all.');
    expect(height).toBeLessThanOrEqual(MAX_IMAGE_HEIGHT);
  });

  it('leaves off events with no placeable date, and says so', () => {
    const events = [
      ev(1, '2020', 'Placed'),
      { n: 2, date: 'someday', when: Number.NaN, text: 'X' },
    ];
    const { svg } = timelineSvg({ title: 'T', events });
    expect(badges(svg).map((b) => b.n)).toEqual(['1']);
    expect(svg).toContain('1 event has no date that can be placed and is not drawn.');
    expect(timelineAlt({ title: 'T', events })).toContain('[2] someday: X');
  });

  it('draws non-Latin scripts the font has and marks what it lacks', async () => {
    const events = [
      ev(1, '2020-01-03', 'Qasem Soleimani — قاسم سلیمانی — killed'),
      ev(2, '2021', 'Москва и Тегеран подписали соглашение'),
      ev(3, '2022', '日本語のテキスト and emoji 😀🇮🇷 mixed'),
    ];
    const { svg } = timelineSvg({ title: 'Скрипты', events });
    expect(svg).toContain('Москва и Тегеран подписали соглашение');
    expect(svg).toContain('قاسم سلیمانی');
    expect(svg).toContain('▯ and emoji ▯ mixed');
    expect(svg).toContain('>Скрипты</text>');
    const image = await renderTimelineImage({ title: 'Скрипты', events });
    expect(decode(image.png).width).toBe(IMAGE_WIDTH);
    expect(image.alt).toContain('日本語のテキスト and emoji 😀🇮🇷 mixed');
  });

  it('shortens a long text in the picture, at a word, with an ellipsis', () => {
    const long = `Start ${'many more words '.repeat(20)}end`;
    const { svg } = timelineSvg({ title: 'T', events: [ev(1, '2020', long)] });
    const shown = /<text[^>]*>(Start[^<]*)<\/text>/u.exec(svg)?.[1] ?? '';
    expect(shown).toMatch(/^Start( (many|more|words))+…$/u);
    expect(shown.length).toBeGreaterThan(60);
  });
});

describe('timelineSvg escaping', () => {
  it('escapes markup, ampersands and quotes in every text', () => {
    const nasty = `</text><script>alert("x")</script> & 'y'`;
    const { svg } = timelineSvg({
      title: `<b>Title</b> & "co"`,
      events: [{ n: 1, date: `<i>2020</i>`, when: 2020, text: nasty }],
    });
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('<i>');
    expect(svg).toContain(
      '&lt;/text&gt;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;y&apos;',
    );
    expect(svg).toContain('&lt;b&gt;Title&lt;/b&gt; &amp; &quot;co&quot;');
    expect(onlyOwnMarkup(svg)).toBe(true);
  });

  it('drops characters XML forbids and bidirectional overrides', () => {
    const { svg } = timelineSvg({
      title: 'T',
      events: [
        { n: 1, date: '2020', when: 2020, text: 'a\u0000b\u001bc\uD800d\uFFFEe\u202Ef\u0085g' },
      ],
    });
    expect(svg).toContain('>abcdefg</text>');
  });
});

describe('timelineAlt', () => {
  it('lists the events in text, numbered', () => {
    expect(timelineAlt({ title: 'Timeline', events: SEED.slice(2) })).toBe(
      'Timeline: 2 dated events. [3] February 2022: Putin’s war against Ukraine launched; ' +
        '[4] March 2023: Iran agreed to restore diplomatic relations with Saudi Arabia',
    );
    expect(timelineAlt({ title: '', events: [] })).toBe('Timeline: 0 dated events.');
  });

  it(`stays within ${MAX_ALT} characters, cut at a word with an ellipsis`, () => {
    const events = Array.from({ length: 100 }, (_, i) =>
      ev(i + 1, String(1900 + i), 'alpha beta gamma delta epsilon'),
    );
    const alt = timelineAlt({ title: 'Long', events });
    expect(alt.length).toBeLessThanOrEqual(MAX_ALT);
    expect(alt.length).toBeGreaterThan(MAX_ALT - 40);
    expect(alt).toMatch(/ (alpha|beta|gamma|delta|epsilon|\[\d+\]|\d{4}:?);?…$/u);
  });
});

describe('timelineImageEvents', () => {
  const fact = (id: string, sortKey: string | null, subject: string): Fact => ({
    id,
    kind: 'date',
    subject,
    value: sortKey ?? '',
    date: sortKey === null ? null : { sortKey, precision: 'year', text: `in ${sortKey}` },
    quote: subject,
    paragraphId: 'doc#p1',
    origin: 'extracted',
  });

  it('numbers the facts from `first` and places them by their sort keys', () => {
    const events = timelineImageEvents(
      [fact('a', '2015', 'deal'), fact('b', '2022-02', 'war'), fact('c', null, 'undated')],
      (f) => `label ${f.id}`,
      9,
    );
    expect(events.map((e) => [e.n, e.date, e.text])).toEqual([
      [9, 'label a', 'deal'],
      [10, 'label b', 'war'],
      [11, 'label c', 'undated'],
    ]);
    expect(events[0]?.when).toBe(2015);
    expect(events[1]?.when).toBeCloseTo(2022 + 31 / 365, 10);
    expect(events[2]?.when).toBeNaN();
  });
});

// Any strings (lone surrogates and control characters included) and any numbers.
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) }),
  fc.string({ unit: fc.constantFrom('<', '>', '&', '"', "'", 'a', ' ', '\u0000', '\uD800', '😀') }),
);
const anyWhen = fc.oneof(
  fc.double(),
  fc.double({ min: 1900, max: 2100, noNaN: true }),
  fc.double({ min: 2022, max: 2022.02, noNaN: true }),
);
const anyEvent = fc.record({
  n: fc.oneof(fc.nat(200), fc.double()),
  date: anyText,
  when: anyWhen,
  text: anyText,
});

describe('timeline image properties', () => {
  it('builds SVG of bounded size with no markup from the input, whatever the events', () => {
    fc.assert(
      fc.property(anyText, fc.array(anyEvent, { maxLength: 70 }), (title, events) => {
        const { svg, width, height } = timelineSvg({ title, events });
        expect(width).toBe(IMAGE_WIDTH);
        expect(height).toBeLessThanOrEqual(MAX_IMAGE_HEIGHT);
        expect(onlyOwnMarkup(svg)).toBe(true);
        const ys = badges(svg).map((b) => b.y);
        for (let i = 1; i < ys.length; i++) {
          expect((ys[i] ?? 0) - (ys[i - 1] ?? 0)).toBeGreaterThanOrEqual(22);
        }
        expect(timelineAlt({ title, events }).length).toBeLessThanOrEqual(MAX_ALT);
      }),
      { numRuns: 200 },
    );
  });

  it('always renders a valid PNG of the stated, bounded size', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, fc.array(anyEvent, { maxLength: 60 }), async (title, events) => {
        const image = await renderTimelineImage({ title, events });
        const png = decode(image.png);
        expect([png.width, png.height]).toEqual([image.width, image.height]);
        expect(png.width).toBe(IMAGE_WIDTH);
        expect(png.height).toBeLessThanOrEqual(MAX_IMAGE_HEIGHT);
        expect(image.alt.length).toBeLessThanOrEqual(MAX_ALT);
      }),
      { numRuns: 12 },
    );
  });
});
