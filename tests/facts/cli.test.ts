import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runScript } from '../support/scripts.ts';

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

/** The CLI's stdout; a failing run fails the test with its stderr. */
async function run(...args: string[]): Promise<string> {
  const r = await runScript('src/cli/facts.ts', args, { env: process.env });
  expect(r, r.stderr).toMatchObject({ code: 0 });
  return r.stdout;
}

describe('facts CLI', () => {
  it.concurrent('--json prints one JSON array of facts, each quote inside its paragraph text', async () => {
    const rows = z.array(Row).parse(JSON.parse(await run('--json')));
    expect(rows.length).toBeGreaterThan(20);
    for (const r of rows) expect(r.paragraphText.includes(r.quote)).toBe(true);
  });

  it.concurrent('--kind filters, and the listing is readable', async () => {
    const defs = z
      .array(Row)
      .parse(JSON.parse(await run('--kind', 'definition', '--json', '--corpus', 'corpus')));
    expect(defs.map((d) => d.subject)).toEqual(
      expect.arrayContaining(['SRBM', 'E3', 'UAS', 'JCPOA']),
    );
    expect(defs.every((d) => d.kind === 'definition' && d.date === null)).toBe(true);
    const text = await run('--kind', 'date');
    expect(text).toMatch(/Timeline/u);
    expect(text).toMatch(/1979 .*\[iran-russia-alliance#p1\]/u);
  });
});
