/**
 * How long a passage may grow: units are packed in source order up to PASSAGE_TARGET characters
 * of text and CODE_MAX of code; a line over PASSAGE_MAX is cut between sentences, code over
 * CODE_MAX at line ends.
 */
import type { Line, Unit } from './passage-layout.ts';
import { splitSentences } from './sentences.ts';

/** A passage grows to about this many characters of text… */
export const PASSAGE_TARGET = 1000;
/** …and never beyond this (a block longer than it is cut between sentences). */
export const PASSAGE_MAX = 1500;
/** Characters of code a passage carries at most; a longer block is cut at line ends. */
export const CODE_MAX = 1500;

function unitLength(u: Unit): number {
  return u.lines.reduce((n, l, i) => n + (i > 0 ? 1 : 0) + l.prefix.length + l.text.length, 0);
}

function codeLength(u: Unit): number {
  return u.code.reduce((n, c) => n + c.text.length, 0);
}

/**
 * A unit within the bounds: a line of text over PASSAGE_MAX is cut between sentences (between
 * words for a sentence that long), and code over CODE_MAX at line ends; a piece of code that does
 * not fit goes in a passage of its own, introduced by the same line as the block's start.
 */
export function splitUnit(unit: Unit): Unit[] {
  const out: Unit[] = [];
  let current: Unit = { lines: [], code: [], line: unit.line };
  // where each of the unit's lines ended up: piece and number of lines in it so far
  const placed: { piece: number; count: number }[] = [];
  for (const line of unit.lines) {
    for (const piece of splitLine(line)) {
      const extra = (current.lines.length > 0 ? 1 : 0) + piece.prefix.length + piece.text.length;
      if (current.lines.length > 0 && unitLength(current) + extra > PASSAGE_MAX) {
        out.push(current);
        current = { lines: [], code: [], line: unit.line };
      }
      current.lines.push(piece);
    }
    placed.push({ piece: out.length, count: current.lines.length });
  }
  out.push(current);
  const extra: Unit[] = [];
  for (const block of unit.code) {
    const where = block.after === 0 ? { piece: 0, count: 0 } : placed[block.after - 1];
    const target = out[where?.piece ?? 0] as Unit;
    splitCode(block.text).forEach((text, k) => {
      if (k === 0 && codeLength(target) + text.length <= CODE_MAX) {
        target.code.push({ ...block, text, after: where?.count ?? 0 });
        return;
      }
      const intro = target.lines[Math.max(0, (where?.count ?? 1) - 1)] ??
        unit.lines[0] ?? { prefix: '', text: '', links: [] };
      extra.push({
        lines: [{ ...intro, links: [] }],
        code: [{ ...block, text, after: 1 }],
        line: block.line,
      });
    });
  }
  return [...out, ...extra].filter((u) => u.lines.length > 0);
}

/** A line within PASSAGE_MAX: cut between sentences, or between words when a sentence is longer. */
function splitLine(line: Line): Line[] {
  const room = PASSAGE_MAX - line.prefix.length;
  if (line.text.length <= room) return [line];
  const pieces: { start: number; end: number }[] = [];
  let start = 0;
  let end = 0;
  for (const s of splitSentences(line.text)) {
    if (s.end - start > room && end > start) {
      pieces.push({ start, end });
      start = s.start;
    }
    end = s.end;
    while (end - start > room) {
      const cut = line.text.lastIndexOf(' ', start + room);
      const at = cut > start ? cut : start + room;
      pieces.push({ start, end: at });
      start = at + (cut > start ? 1 : 0);
    }
  }
  if (end > start) pieces.push({ start, end });
  return pieces.map((p, k) => ({
    prefix: k === 0 ? line.prefix : ' '.repeat(line.prefix.length),
    text: line.text.slice(p.start, p.end),
    links: line.links
      .filter((l) => l.start >= p.start && l.end <= p.end)
      .map((l) => ({ ...l, start: l.start - p.start, end: l.end - p.start })),
    callout: line.callout,
  }));
}

/**
 * Code in pieces of at most CODE_MAX characters, cut at line ends. Only a single line longer
 * than that (minified code) is cut inside.
 */
export function splitCode(code: string): string[] {
  if (code.length <= CODE_MAX) return [code];
  const out: string[] = [];
  let current = '';
  for (const raw of code.split('\n')) {
    let line = raw;
    while (line.length > CODE_MAX) {
      if (current !== '') out.push(current);
      current = '';
      out.push(line.slice(0, CODE_MAX));
      line = line.slice(CODE_MAX);
    }
    const next = current === '' ? line : `${current}\n${line}`;
    if (next.length > CODE_MAX) {
      out.push(current);
      current = line;
    } else current = next;
  }
  if (current !== '') out.push(current);
  return out;
}

/** Units packed into passages in order: up to PASSAGE_TARGET of text and CODE_MAX of code. */
export function pack(units: readonly Unit[]): Unit[] {
  const out: Unit[] = [];
  let current: Unit | null = null;
  for (const u of units) {
    if (
      current &&
      (unitLength(current) + 1 + unitLength(u) > PASSAGE_TARGET ||
        codeLength(current) + codeLength(u) > CODE_MAX)
    ) {
      out.push(current);
      current = null;
    }
    if (current) {
      const shift = current.lines.length;
      current.lines.push(...u.lines);
      current.code.push(...u.code.map((c) => ({ ...c, after: c.after + shift })));
    } else current = { lines: [...u.lines], code: [...u.code], line: u.line };
  }
  if (current) out.push(current);
  return out;
}
