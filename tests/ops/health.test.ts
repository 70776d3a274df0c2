/** /healthz's rules for the corpus folder: gone is degraded (still answering), never hidden. */
import { describe, expect, test } from 'vitest';
import { healthReport } from '../../src/ops/health.ts';

const now = new Date('2024-03-05T12:00:00Z');
const sources = (over: Partial<Parameters<typeof healthReport>[0]> = {}) =>
  healthReport({
    state: () => 'running',
    index: () => ({ documents: 1, paragraphs: 5, loadedAt: now, generation: 1 }),
    database: () => true,
    platforms: () => ({ discord: { status: 'connected', since: now } }),
    now: () => now,
    ...over,
  });

describe('the corpus folder in /healthz', () => {
  test('there: ok', async () => {
    expect((await sources({ corpus: () => null })).report).toMatchObject({
      status: 'ok',
      reasons: [],
    });
  });

  test('gone: degraded with the reason, still ready (answers come from the documents loaded)', async () => {
    const since = new Date('2024-03-05T11:59:00Z');
    const { ready, report } = await sources({
      corpus: async () => ({ dir: 'corpus', reason: 'does not exist', since }),
    });
    expect(ready).toBe(true);
    expect(report.status).toBe('degraded');
    expect(report.reasons).toEqual([
      'the corpus folder corpus does not exist (since 2024-03-05T11:59:00.000Z); answering from the documents loaded before',
    ]);
  });

  test('a graver reason wins: unhealthy, or starting, over degraded', async () => {
    const gone = () => ({ dir: 'corpus', reason: 'does not exist' });
    const unhealthy = await sources({ corpus: gone, database: () => false });
    expect(unhealthy.ready).toBe(false);
    expect(unhealthy.report.status).toBe('unhealthy');
    expect(unhealthy.report.reasons).toEqual([
      'the database does not answer',
      'the corpus folder corpus does not exist; answering from the documents loaded before',
    ]);
    expect((await sources({ corpus: gone, state: () => 'starting' })).report.status).toBe(
      'starting',
    );
  });

  test('a check that fails is reported, not thrown', async () => {
    const { report } = await sources({
      corpus: () => {
        throw new Error('EIO');
      },
    });
    expect(report.status).toBe('degraded');
    expect(report.reasons).toEqual(['the corpus folder could not be checked (EIO)']);
  });
});
