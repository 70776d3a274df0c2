import { describe, expect, test } from 'vitest';
import { reload } from '../../commands/reload.ts';
import type { CorpusReload, ReloadOutcome } from '../../commands/services.ts';
import { allText, asError, asMessage, context, dispatch, engine } from './helpers.ts';

const eng = await engine();
const service = (outcome: ReloadOutcome): CorpusReload & { calls: number } => {
  const s = {
    calls: 0,
    reload: async () => {
      s.calls++;
      return outcome;
    },
  };
  return s;
};

describe('/reload', () => {
  test('is refused without Manage Server, before anything reloads', async () => {
    const s = service({ ok: true, documents: 2, paragraphs: 23, ms: 400, knownProblems: [] });
    const ctx = context(eng, { services: { reload: s } });
    expect(asError(await dispatch(reload, ctx, { values: {} }))).toBe(
      'Only members with the Manage Server permission can use /reload.',
    );
    expect(s.calls).toBe(0);
  });

  test('reports the new counts, and files still skipped from before', async () => {
    const s = service({
      ok: true,
      documents: 3,
      paragraphs: 41,
      ms: 1234,
      knownProblems: ['old.md:2: bad YAML in front matter: MISSING_CHAR (missing closing "quote)'],
    });
    const ctx = context(eng, { permissions: ['manageServer'], services: { reload: s } });
    const reply = asMessage(await dispatch(reload, ctx, { values: {} }));
    expect(reply.visibility).toBe('private');
    expect(allText(reply)).toContain('3 documents, 41 paragraphs, in 1.2 s.');
    expect(allText(reply)).toContain(
      '• old.md:2: bad YAML in front matter: MISSING_CHAR (missing closing "quote)',
    );
  });

  test('a failed reload tells the moderator which file and line, and that nothing changed', async () => {
    const problems = Array.from({ length: 10 }, (_, i) => `doc${i}.md:${i + 3}: empty document`);
    const s = service({ ok: false, problems, ms: 300 });
    const ctx = context(eng, { permissions: ['manageServer'], services: { reload: s } });
    const text = asError(await dispatch(reload, ctx, { values: {} }));
    expect(text).toContain('the bot still answers from the previous documents');
    expect(text).toContain('• doc0.md:3: empty document');
    expect(text).toContain('• doc7.md:10: empty document');
    expect(text).not.toContain('doc8.md');
    expect(text).toContain('…and 2 more (see the log)');
  });

  test('where the bot cannot reload it says so', async () => {
    const ctx = context(eng, { permissions: ['manageServer'] });
    expect(asError(await dispatch(reload, ctx, { values: {} }))).toBe(
      'Reloading is not available here; restart the bot instead.',
    );
  });
});
