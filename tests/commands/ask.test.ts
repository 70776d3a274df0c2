import pino from 'pino';
import { describe, expect, test } from 'vitest';
import { ask, questionAbout } from '../../commands/ask.ts';
import { KEY_FACTS } from '../../src/answer/key-facts.ts';
import { createFeedbackSink, createUnansweredSink } from '../../src/services/index.ts';
import { createRepositories } from '../../src/storage/index.ts';
import { openSqlite } from '../../src/storage/sqlite.ts';
import { asError, asMessage, context, engine, GUILD, listBlock, press } from './helpers.ts';

const eng = await engine();

describe('/ask short answer', () => {
  test('opens the reply, bold, with the number of its passage', async () => {
    const reply = asMessage(
      await ask.execute(context(eng), { question: 'Who is the president of Iran?' }),
    );
    const [first, second] = reply.blocks;
    expect(first).toEqual({
      type: 'text',
      spans: [{ text: 'Masoud Pezeshkian', bold: true }, { text: ' [1]' }],
    });
    expect(second).toMatchObject({
      type: 'passage',
      index: 1,
      citation: { paragraphId: 'going-ballistic#p4' },
    });
  });
});

describe('/ask asked for help', () => {
  test('"help" or "what can you do?" gets the help, not a passage that says "help"', async () => {
    for (const question of ['help', 'What can you do?', 'hi!']) {
      const reply = asMessage(await ask.execute(context(eng), { question }));
      expect(reply.title).toMatch(/answers from the documents/u);
      expect(reply.blocks.some((b) => b.type === 'passage')).toBe(false);
    }
    const asked = asMessage(
      await ask.execute(context(eng), {
        question: 'Can you help me? Who is the president of Iran?',
      }),
    );
    expect(asked.blocks.some((b) => b.type === 'passage')).toBe(true);
  });
});

describe('/ask Key facts', () => {
  test('the facts of the cited passages, each cited to one of them', async () => {
    const reply = asMessage(
      await ask.execute(context(eng), { question: 'How many drones did Iran supply to Russia?' }),
    );
    const cited = reply.blocks.flatMap((b) =>
      b.type === 'passage' ? [b.citation.paragraphId] : [],
    );
    const facts = listBlock(reply, 'Key facts');
    expect(facts.length).toBeGreaterThan(0);
    expect(facts.length).toBeLessThanOrEqual(KEY_FACTS);
    for (const item of facts) {
      expect(cited).toContain(item.citation?.paragraphId);
      expect(item.label).not.toBe('');
    }
    expect(facts.some((f) => /hundred/.test(f.label))).toBe(true);
  });

  test('no Key facts when the documents do not answer', async () => {
    const reply = asMessage(
      await ask.execute(context(eng), { question: 'What does North Korea export to Brazil?' }),
    );
    expect(reply.blocks.some((b) => b.type === 'list' && b.title === 'Key facts')).toBe(false);
  });

  test('"Ask about this" answers a question built from the fact, privately', async () => {
    const jcpoa = eng.facts.define('JCPOA')[0];
    expect(jcpoa).toBeDefined();
    if (!jcpoa) return;
    expect(questionAbout(jcpoa)).toBe('What is JCPOA?');
    const result = await press(ask, context(eng), `ask:about:${jcpoa.id}`);
    expect(result?.mode).toBe('reply');
    const reply = asMessage(result?.reply ?? { kind: 'error', text: '' });
    expect(reply.visibility).toBe('private');
    expect(reply.title).toBe('What is JCPOA?');
    const cited = reply.blocks.flatMap((b) =>
      b.type === 'passage' ? [b.citation.paragraphId] : [],
    );
    expect(cited).toContain(jcpoa.paragraphId);
  });

  test('"Ask about this" on a fact that is gone is an error', async () => {
    const result = await press(ask, context(eng), 'ask:about:nope#p1:date:0');
    expect(
      asError(result?.reply ?? { kind: 'message', visibility: 'private', blocks: [], actions: [] }),
    ).toContain('no longer');
  });

  test('unanswered questions and votes reach the database', async () => {
    const db = openSqlite(':memory:');
    const repos = createRepositories(db);
    const logger = pino({ level: 'silent' });
    const ctx = context(eng, {
      services: {
        unanswered: createUnansweredSink(repos, logger),
        feedback: createFeedbackSink(repos, logger),
      },
    });
    await ask.execute(ctx, { question: 'What does North Korea export to Brazil?' });
    expect((await repos.unanswered.topGaps(5, GUILD))[0]?.count).toBe(1);

    const reply = asMessage(
      await ask.execute({ ...ctx, visibility: 'public' }, { question: 'What is an SRBM?' }),
    );
    const up = reply.actions.find((a) => a.id.startsWith('ask:up:'));
    expect(up).toBeDefined();
    const key = up?.id.slice('ask:up:'.length) ?? '';
    await press(ask, ctx, `ask:up:${key}`);
    await press(ask, ctx, `ask:down:${key}`);
    const vote = await repos.feedback.get('discord', key, ctx.user.id);
    expect(vote?.vote).toBe(-1);
    expect(vote?.question).toBe('What is an SRBM?');
    await db.close();
  });
});
