import type { RawBlock } from './furniture.ts';

/**
 * Blocks of a plain-text body. Blank lines separate blocks; inside a block, a run of short lines
 * (all ≤ 100 characters, as a hard-wrapped text has) is one paragraph, while long lines are
 * paragraphs of their own (texts exported "one paragraph a line" have no blank lines at all).
 */
export function textBlocks(body: string, lineOffset: number): RawBlock[] {
  const lines = body.replace(/\r\n?/gu, '\n').split('\n');
  const blocks: RawBlock[] = [];
  let run: { text: string; line: number }[] = [];
  const flush = () => {
    if (run.length === 0) return;
    const wrapped =
      run.length > 1 &&
      run.every((l) => l.text.length <= 100) &&
      !run.every((l) => /[.!?…"”]$/u.test(l.text));
    if (wrapped) {
      blocks.push({ text: run.map((l) => l.text).join(' '), line: run[0]?.line ?? 1 });
    } else {
      for (const l of run) blocks.push({ text: l.text, line: l.line });
    }
    run = [];
  };
  lines.forEach((raw, i) => {
    const text = raw.trim();
    if (text === '') flush();
    else run.push({ text: text.replace(/\s+/gu, ' '), line: lineOffset + i + 1 });
  });
  flush();
  return blocks;
}
