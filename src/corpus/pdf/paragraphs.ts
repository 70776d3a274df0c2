import { BULLET, type Fragment, median } from './fragments.ts';
import { joinLines, vocabulary } from './hyphens.ts';

/**
 * Step 4 of the layout (see layout.ts): lines become paragraphs at a larger gap than the usual
 * line spacing, a change of font size, a bullet, a first-line indent or a short last line; a
 * paragraph continues across a column or page when its last line does not end a sentence.
 */

/** A paragraph or heading, with the page it starts on. */
export interface PdfBlock {
  text: string;
  page: number;
  /** Font size of its first line. */
  size: number;
  /** Set in a font clearly larger than the body text. */
  heading: boolean;
  /** Lines set in a fixed-width font: code, its lines joined with "\n". */
  code: boolean;
}

const ENDS_SENTENCE = /[.!?:;…"”’)\]]$/u;

export function paragraphs(flows: readonly Fragment[][]): PdfBlock[] {
  const all = flows.flat();
  const bodySize = modalSize(all);
  const leading = usualLeading(flows, bodySize);
  const vocab = vocabulary(all.map((l) => l.text.replace(/\S*-$/u, '')));
  const blocks: { lines: Fragment[]; text: string }[] = [];
  const sameSize = (a: number, b: number) => Math.abs(a - b) <= 0.12 * Math.max(a, b);

  for (const flow of flows) {
    const colLeft = Math.min(...flow.map((l) => l.x0));
    const colRight = Math.max(...flow.map((l) => l.x1));
    const colWidth = colRight - colLeft;
    flow.forEach((line, i) => {
      const current = blocks[blocks.length - 1];
      const last = current?.lines[current.lines.length - 1];
      let starts: boolean;
      if (!current || !last) {
        starts = true;
      } else if (i === 0) {
        // a new column or page: the paragraph goes on when its sentence does
        starts =
          !sameSize(last.size, line.size) ||
          !sameSize(line.size, bodySize) ||
          last.mono !== line.mono ||
          ENDS_SENTENCE.test(last.text) ||
          BULLET.test(line.text) ||
          line.x0 - colLeft > 0.7 * line.size;
      } else {
        const prev = flow[i - 1] as Fragment;
        const gap = prev.y - line.y;
        const scale = Math.max(prev.size, line.size) / bodySize;
        const indented = line.x0 - colLeft > 0.7 * line.size && prev.x0 - colLeft < 0.3 * prev.size;
        const shortLast =
          colWidth > 15 * line.size &&
          prev.x1 < colRight - 0.2 * colWidth &&
          ENDS_SENTENCE.test(prev.text);
        const apart =
          !sameSize(prev.size, line.size) || gap <= 0 || gap > 1.35 * leading * scale + 1;
        // code keeps its lines whatever their indentation or length
        starts =
          prev.mono !== line.mono ||
          apart ||
          (!line.mono &&
            (BULLET.test(line.text) || (indented && ENDS_SENTENCE.test(prev.text)) || shortLast));
      }
      if (starts || !current) blocks.push({ lines: [line], text: line.text });
      else {
        current.lines.push(line);
        if (!line.mono) current.text = joinLines(current.text, line.text, vocab);
      }
    });
  }
  return blocks.map(({ lines, text }) => {
    const first = lines[0] as Fragment;
    return {
      text: first.mono ? codeText(lines) : text.replace(/\s+/gu, ' ').trim(),
      page: first.page,
      size: first.size,
      heading: !first.mono && first.size >= 1.15 * bodySize && text.length <= 200,
      code: first.mono,
    };
  });
}

/** Lines of code, indented as the page shows them (in characters of the fixed-width font). */
function codeText(lines: readonly Fragment[]): string {
  const left = Math.min(...lines.map((l) => l.x0));
  const widths = lines.filter((l) => l.text.length > 0).map((l) => (l.x1 - l.x0) / l.text.length);
  const char = median(widths) || 0.6 * (lines[0]?.size ?? 10);
  return lines
    .map((l) => ' '.repeat(Math.min(40, Math.max(0, Math.round((l.x0 - left) / char)))) + l.text)
    .join('\n');
}

/** The font size most of the text is set in (by characters). */
function modalSize(lines: readonly Fragment[]): number {
  const weight = new Map<number, number>();
  for (const l of lines) {
    const key = Math.round(l.size * 2) / 2;
    weight.set(key, (weight.get(key) ?? 0) + l.text.length);
  }
  let best = 0;
  let bestWeight = -1;
  for (const [size, w] of weight) {
    if (w > bestWeight) {
      best = size;
      bestWeight = w;
    }
  }
  return best > 0 ? best : 10;
}

/** The usual distance between consecutive baselines of body text. */
function usualLeading(flows: readonly Fragment[][], bodySize: number): number {
  const gaps: number[] = [];
  for (const flow of flows) {
    for (let i = 1; i < flow.length; i++) {
      const a = flow[i - 1] as Fragment;
      const b = flow[i] as Fragment;
      const gap = a.y - b.y;
      if (Math.abs(a.size - bodySize) < 0.5 && Math.abs(b.size - bodySize) < 0.5)
        if (gap > 0 && gap < 2.5 * bodySize) gaps.push(gap);
    }
  }
  return gaps.length > 0 ? median(gaps) : 1.2 * bodySize;
}
