/**
 * The timeline as a picture: dated events on a vertical time axis, each a dot at its date joined to
 * a label that carries its number in the reply, the date and a short text. Platform-neutral: it
 * returns PNG bytes and alt text; adapters attach them. The text reply stays the source of truth
 * (the alt text lists the events, and long texts are cut in the picture only).
 */
import { renderAsync } from '@resvg/resvg-js';
import type { Fact } from '../facts/types.ts';
import { FONT_FAMILY, fontFiles, textWidth } from './fonts.ts';
import { spreadLabels } from './spread-labels.ts';
import {
  axisDomain,
  axisTicks,
  decimalYear,
  fromDecimalYear,
  placeable,
  type Tick,
} from './time-axis.ts';
import {
  AXIS_X,
  BADGE_SIZE,
  BOTTOM,
  COLOURS,
  LABEL_SIZE,
  LABEL_X,
  NOTE_ROW,
  NOTE_SIZE,
  PAD,
  PLOT_TOP,
  plotHeight,
  px,
  ROW,
  SUBTITLE_SIZE,
  TICK_SIZE,
  TICK_SPACING,
  TITLE_SIZE,
} from './timeline-layout.ts';
import {
  badgeNumber,
  clean,
  drawableText,
  escapeXml,
  fitWidth,
  shortenChars,
} from './timeline-text.ts';

/** One event to draw. */
export interface TimelineImageEvent {
  /** Its number in the text reply ([n]), shown on its marker. */
  n: number;
  /** The date as the reply shows it ("the fall of 2022"). */
  date: string;
  /** Where it sits on the axis, in decimal years (2022.0 = 1 January 2022); see `decimalYear`. */
  when: number;
  /** What happened. */
  text: string;
}

export interface TimelineImageInput {
  title: string;
  events: readonly TimelineImageEvent[];
}

export interface TimelineImage {
  png: Uint8Array;
  width: number;
  height: number;
  /** The events in text, for screen readers and platforms' alt fields; at most MAX_ALT characters. */
  alt: string;
}

export interface TimelineSvg {
  svg: string;
  width: number;
  height: number;
}

export const IMAGE_WIDTH = 1200;
/** More events than this are left to the text: a taller picture is unreadable once scaled down. */
export const MAX_IMAGE_EVENTS = 50;
/** Discord caps an attachment's description at 1,024 characters; Slack's alt_text is longer. */
export const MAX_ALT = 1000;

/** The tallest picture: MAX_IMAGE_EVENTS rows plus the title and both notes (1,788 px). */
export const MAX_IMAGE_HEIGHT = PLOT_TOP + plotHeight(MAX_IMAGE_EVENTS) + BOTTOM + 2 * NOTE_ROW;

function yearsText(from: number, to: number): string {
  const a = fromDecimalYear(from).year;
  const b = fromDecimalYear(to).year;
  return a === b ? `in ${a}` : `${a}–${b}`;
}

/** Events that can be drawn, in time order (stable), at most MAX_IMAGE_EVENTS. */
function drawable(events: readonly TimelineImageEvent[]): {
  shown: TimelineImageEvent[];
  placeable: number;
} {
  const placed = events
    .map((e, i) => ({ e, i }))
    .filter(({ e }) => placeable(e.when))
    .sort((a, b) => a.e.when - b.e.when || a.i - b.i)
    .map(({ e }) => e);
  return { shown: placed.slice(0, MAX_IMAGE_EVENTS), placeable: placed.length };
}

function textEl(
  x: number,
  y: number,
  content: string,
  attrs: { size: number; fill: string; bold?: boolean; anchor?: 'end' | 'middle' },
): string {
  const weight = attrs.bold ? ' font-weight="bold"' : '';
  const anchor = attrs.anchor ? ` text-anchor="${attrs.anchor}"` : '';
  return `<text x="${px(x)}" y="${px(y)}" font-size="${attrs.size}" fill="${attrs.fill}"${weight}${anchor}>${escapeXml(content)}</text>`;
}

/** One event's label: leader line, numbered badge, date in bold, text cut to the room left. */
function eventLabel(e: TimelineImageEvent, dotY: number, labelY: number): string {
  const leader = [
    `${px(AXIS_X + 6)},${px(dotY)}`,
    `${px(AXIS_X + 22)},${px(dotY)}`,
    `${px(LABEL_X - 18)},${px(labelY)}`,
    `${px(LABEL_X - 4)},${px(labelY)}`,
  ].join(' ');
  const number = badgeNumber(e.n);
  const badgeW = Math.max(26, textWidth(number, BADGE_SIZE, 'bold') + 14);
  const textX = LABEL_X + badgeW + 10;
  const room = IMAGE_WIDTH - PAD - textX;
  const date = fitWidth(drawableText(clean(e.date), 'bold'), room * 0.45, LABEL_SIZE, 'bold');
  const dateW = date === '' ? 0 : textWidth(date, LABEL_SIZE, 'bold') + 12;
  const text = fitWidth(
    drawableText(clean(e.text), 'regular'),
    room - dateW,
    LABEL_SIZE,
    'regular',
  );
  const baseline = labelY + LABEL_SIZE * 0.36;
  return [
    `<polyline points="${leader}" fill="none" stroke="${COLOURS.leader}" stroke-width="1.5"/>`,
    `<rect x="${px(LABEL_X)}" y="${px(labelY - 11)}" width="${px(badgeW)}" height="22" rx="11" fill="${COLOURS.marker}"/>`,
    textEl(LABEL_X + badgeW / 2, labelY + BADGE_SIZE * 0.36, number, {
      size: BADGE_SIZE,
      fill: COLOURS.badgeText,
      bold: true,
      anchor: 'middle',
    }),
    date === ''
      ? ''
      : textEl(textX, baseline, date, { size: LABEL_SIZE, fill: COLOURS.date, bold: true }),
    text === ''
      ? ''
      : textEl(textX + dateW, baseline, text, { size: LABEL_SIZE, fill: COLOURS.text }),
  ].join('');
}

function tickEl(t: Tick, y: number): string {
  return (
    `<line x1="${px(AXIS_X - 8)}" y1="${px(y)}" x2="${px(AXIS_X)}" y2="${px(y)}" stroke="${COLOURS.axis}" stroke-width="1.5"/>` +
    textEl(AXIS_X - 14, y + TICK_SIZE * 0.36, t.label, {
      size: TICK_SIZE,
      fill: COLOURS.muted,
      anchor: 'end',
    })
  );
}

/**
 * The timeline drawn as SVG. Every text from the input is stripped of characters XML forbids
 * and escaped, so no event text can add markup.
 *
 * @example timelineSvg({ title: 'Timeline', events: [{ n: 1, date: 'March 2023', when: decimalYear('2023-03'), text: 'Talks resumed' }] }).svg
 */
export function timelineSvg(input: TimelineImageInput): TimelineSvg {
  const { shown, placeable: placedCount } = drawable(input.events);
  const plotH = plotHeight(shown.length);
  const plotBottom = PLOT_TOP + plotH;
  const notes: string[] = [];
  if (placedCount > shown.length) {
    notes.push(
      `Showing the first ${shown.length} of ${placedCount} events; the reply lists them all.`,
    );
  }
  const unplaced = input.events.length - placedCount;
  if (unplaced > 0) {
    notes.push(
      `${unplaced} event${unplaced === 1 ? ' has' : 's have'} no date that can be placed and ${unplaced === 1 ? 'is' : 'are'} not drawn.`,
    );
  }
  const height = plotBottom + BOTTOM + notes.length * NOTE_ROW;
  const width = IMAGE_WIDTH;

  const times = shown.map((e) => e.when);
  const { from, to } = axisDomain(times);
  const y = (t: number) => PLOT_TOP + ((t - from) / (to - from)) * plotH;
  const ticks = axisTicks(from, to, plotH / TICK_SPACING);
  const dotYs = times.map(y);
  const labelYs = spreadLabels(dotYs, ROW, PLOT_TOP, plotBottom);

  const title = fitWidth(
    drawableText(clean(input.title) || 'Timeline', 'bold'),
    width - 2 * PAD,
    TITLE_SIZE,
    'bold',
  );
  const subtitle =
    shown.length === 0
      ? 'No dated events to draw.'
      : `${placedCount} dated event${placedCount === 1 ? '' : 's'}, ${yearsText(Math.min(...times), Math.max(...times))} · numbered as in the reply`;

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="${COLOURS.background}"/>`,
    textEl(PAD, 52, title, { size: TITLE_SIZE, fill: COLOURS.title, bold: true }),
    textEl(PAD, 84, subtitle, { size: SUBTITLE_SIZE, fill: COLOURS.muted }),
  ];
  if (shown.length > 0) {
    parts.push(
      `<line x1="${AXIS_X}" y1="${px(PLOT_TOP - 14)}" x2="${AXIS_X}" y2="${px(plotBottom + 14)}" stroke="${COLOURS.axis}" stroke-width="2"/>`,
      ...ticks.map((t) => tickEl(t, y(t.at))),
      ...shown.map((e, i) => eventLabel(e, dotYs[i] ?? 0, labelYs[i] ?? 0)),
      // one dot per date: events on the same day share it, their leaders fanning out from it
      ...[...new Set(dotYs.map(px))].map(
        (d) =>
          `<circle cx="${AXIS_X}" cy="${d}" r="6" fill="${COLOURS.marker}" stroke="${COLOURS.background}" stroke-width="2"/>`,
      ),
    );
  }
  notes.forEach((note, i) => {
    parts.push(
      textEl(PAD, plotBottom + BOTTOM + 4 + i * NOTE_ROW, note, {
        size: NOTE_SIZE,
        fill: COLOURS.muted,
      }),
    );
  });
  parts.push('</svg>');
  return { svg: parts.join('\n'), width, height };
}

/**
 * The events as one line of text for alt fields: "Title: 3 dated events. [1] 2015: …; [2] …",
 * cut at a word boundary with "…" to at most MAX_ALT characters.
 */
export function timelineAlt(input: TimelineImageInput): string {
  const title = clean(input.title) || 'Timeline';
  const count = input.events.length;
  let alt = `${title}: ${count} dated event${count === 1 ? '' : 's'}.`;
  for (const [i, e] of input.events.entries()) {
    if (alt.length > MAX_ALT) break;
    const date = clean(e.date);
    const text = clean(e.text);
    alt += `${i === 0 ? ' ' : '; '}[${badgeNumber(e.n)}] ${date}${date !== '' && text !== '' ? ': ' : ''}${text}`;
  }
  return shortenChars(alt, MAX_ALT);
}

/**
 * The timeline as a PNG, rendered off the event loop with the shipped fonts only (system fonts are
 * never read), so it looks the same on every machine.
 *
 * @example const { png, alt } = await renderTimelineImage({ title: 'Timeline', events: timelineImageEvents(facts, dateLabel) })
 */
export async function renderTimelineImage(input: TimelineImageInput): Promise<TimelineImage> {
  const { svg } = timelineSvg(input);
  const fonts = fontFiles();
  const image = await renderAsync(svg, {
    fitTo: { mode: 'original' },
    background: COLOURS.background,
    font: {
      loadSystemFonts: false,
      fontFiles: [fonts.regular, fonts.bold],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    // missing glyphs (a script the font lacks) are expected, not worth a line on stderr
    logLevel: 'off',
  });
  return { png: image.asPng(), width: image.width, height: image.height, alt: timelineAlt(input) };
}

/**
 * The picture's events from the facts `FactStore.timeline()` returns, numbered from `first` in
 * that order (as the reply numbers them). `label` words the date as the reply does.
 *
 * @example timelineImageEvents(engine.facts.timeline(), dateLabel)
 */
export function timelineImageEvents(
  facts: readonly Fact[],
  label: (fact: Fact) => string,
  first = 1,
): TimelineImageEvent[] {
  return facts.map((f, i) => ({
    n: first + i,
    date: label(f),
    when: f.date ? decimalYear(f.date.sortKey) : Number.NaN,
    text: f.subject,
  }));
}
