import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const Row = z.strictObject({
  kind: z.enum(['date', 'figure', 'actor', 'definition']),
  subject: z.string().min(1),
  value: z.string().min(1),
  date: z
    .strictObject({
      sortKey: z.string(),
      precision: z.enum(['year', 'season', 'month', 'day']),
      text: z.string(),
    })
    .nullable(),
  quote: z.string().min(1),
  paragraphId: z.string(),
  paragraphText: z.string(),
});

const run = (...args: string[]) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/facts.ts', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('facts CLI', () => {
  it('--json prints one JSON array of facts, each quote inside its paragraph text', () => {
    const rows = z.array(Row).parse(JSON.parse(run('--json')));
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(r.paragraphText.includes(r.quote)).toBe(true);
  });

  it('--kind filters, and the listing is readable', () => {
    const defs = z
      .array(Row)
      .parse(JSON.parse(run('--kind', 'definition', '--json', '--corpus', 'corpus')));
    expect(defs.map((d) => d.subject)).toEqual(
      expect.arrayContaining(['SRBM', 'E3', 'UAS', 'JCPOA']),
    );
    expect(defs.every((d) => d.kind === 'definition' && d.date === null)).toBe(true);
    const text = run('--kind', 'date');
    expect(text).toMatch(/Timeline/u);
    expect(text).toMatch(/1979 .*\[iran-russia-alliance#p1\]/u);
  });
});
