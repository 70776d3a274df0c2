import { describe, expect, test } from 'vitest';
import { gaps } from '../../commands/gaps.ts';
import { createGapsReport } from '../../src/services/index.ts';
import { createRepositories } from '../../src/storage/index.ts';
import { engines, useDatabases } from '../support/storage.ts';
import {
  allText,
  asError,
  asMessage,
  context,
  dispatch,
  engine,
  GUILD,
  listBlock,
} from './helpers.ts';

const eng = await engine();

describe.each(engines)('/gaps on $name', (storage) => {
  const dbs = useDatabases(storage);

  test('most frequent first, with counts and missing terms', async () => {
    const db = await dbs.open();
    let t = Date.parse('2024-03-01T00:00:00Z');
    const tick = () => {
      t += 1000;
      return new Date(t);
    };
    const repos = createRepositories(db, tick);
    await repos.unanswered.record({
      question: 'Does North Korea help?',
      missingTerms: ['North Korea'],
      scope: GUILD,
    });
    for (let i = 0; i < 3; i++)
      await repos.unanswered.record({
        question: 'What about Venezuela?',
        missingTerms: ['Venezuela'],
        scope: GUILD,
      });
    await repos.unanswered.record({
      question: 'does north korea help',
      missingTerms: ['North Korea'],
      scope: GUILD,
    });
    // another server's questions are not this server's moderators' business
    await repos.unanswered.record({
      question: 'Secret plans?',
      missingTerms: ['plans'],
      scope: '999',
    });
    const ctx = context(eng, {
      permissions: ['manageServer'],
      services: { gaps: createGapsReport(repos) },
    });
    const reply = asMessage(await gaps.execute(ctx, {}));
    const items = listBlock(reply, 'Questions the documents could not answer');
    expect(items.map((i) => i.label)).toEqual(['3×', '2×']);
    expect(items[0]?.text).toContain('Venezuela');
    expect(items[1]?.text).toContain('missing: North Korea');
    expect(items[1]?.text).toContain('does north korea help');
    expect(allText(reply)).not.toContain('Secret plans');
    expect(asMessage(await gaps.execute(ctx, { limit: 1 })).blocks[0]).toMatchObject({
      items: [{ label: '3×' }],
    });
  });

  test('empty, refused without Manage Server, unavailable without storage', async () => {
    const db = await dbs.open();
    const report = createGapsReport(createRepositories(db));
    const ok = context(eng, { permissions: ['manageServer'], services: { gaps: report } });
    expect(allText(await gaps.execute(ok, {}))).toContain('No unanswered questions');
    expect(gaps.spec.permission).toBe('manageServer');
    const member = context(eng, { services: { gaps: report } });
    expect(asError(await dispatch(gaps, member, { values: {} }))).toContain('Manage Server');
    expect(
      asError(await gaps.execute(context(eng, { permissions: ['manageServer'] }), {})),
    ).toContain('not recorded here');
  });
});
