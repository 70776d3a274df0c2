/**
 * The timeline picture's fixed design: margins, type sizes, where the axis and labels sit, the
 * axis's length for a number of events, the colours, and how coordinates are written in the SVG.
 */

export const PAD = 28;
export const TITLE_SIZE = 26;
export const SUBTITLE_SIZE = 15;
export const LABEL_SIZE = 16;
export const TICK_SIZE = 14;
export const BADGE_SIZE = 13;
export const NOTE_SIZE = 14;
/** Vertical distance between two labels' centres. */
export const ROW = 28;
export const AXIS_X = 170;
export const LABEL_X = AXIS_X + 90;
export const PLOT_TOP = 122;
const MIN_PLOT = 180;
/** Room between ticks, so their labels never touch. */
export const TICK_SPACING = 44;
export const NOTE_ROW = 24;
export const BOTTOM = 40;

/** The axis's length for n events: room for every label, a little more so leaders can slant. */
export function plotHeight(n: number): number {
  return Math.max(MIN_PLOT, Math.ceil((n - 1) * ROW * 1.15));
}

export const COLOURS = {
  background: '#ffffff',
  title: '#1a202c',
  muted: '#4a5568',
  axis: '#718096',
  leader: '#a0aec0',
  marker: '#2b6cb0',
  badgeText: '#ffffff',
  date: '#2c5282',
  text: '#1a202c',
} as const;

/** A coordinate as written in the SVG: rounded to a tenth of a pixel. */
export const px = (n: number): string => String(Math.round(n * 10) / 10);
