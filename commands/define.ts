import { factBlocks, factListItem, readPassageButton } from '../src/answer/facts-render.ts';
import { shorten } from '../src/answer/present.ts';
import type { Block, Choice, Reply } from '../src/answer/reply.ts';
import type { Fact } from '../src/facts/types.ts';
import { type CommandContext, defineCommand } from './types.ts';

const spec = {
  name: 'define',
  description: 'What a term or acronym means, in the documents’ own words',
  kind: 'chat',
  help: 'what a term or acronym means, in the documents’ own words',
  options: [
    {
      type: 'string',
      name: 'term',
      description: 'A term or acronym the documents define, e.g. SRBM (suggestions as you type)',
      required: true,
      maxLength: 100,
      autocomplete: true,
    },
  ],
} as const;

/**
 * Edit distance counting a swap of neighbours as one edit ("SRMB" is one typo from "SRBM").
 * Terms are short and only near misses matter, so far-apart lengths stop early.
 */
function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => d[i]?.[j] ?? 99;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i];
    if (!row) continue;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

/** Defined terms, one per spelling, in store order. */
function definedTerms(ctx: Pick<CommandContext, 'engine'>): Fact[] {
  const seen = new Set<string>();
  return ctx.engine.facts.definitions().filter((f) => {
    const key = f.subject.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Terms that look like what was typed: a near spelling, or one containing the other. */
export function closeTerms(ctx: Pick<CommandContext, 'engine'>, term: string, max = 5): string[] {
  const t = term.trim().toLowerCase();
  const scored = definedTerms(ctx)
    .map((f) => {
      const s = f.subject.toLowerCase();
      const v = f.value.toLowerCase();
      const near = Math.min(
        distance(t, s),
        s.includes(t) || t.includes(s) || v.includes(t) ? 1 : 99,
      );
      return { term: f.subject, near };
    })
    .filter((x) => x.near <= 1 + Math.floor(t.length / 4))
    .sort((a, b) => a.near - b.near);
  return scored.slice(0, max).map((x) => x.term);
}

/** The usage line for /define with no term, with terms the documents do define. */
function usageReply(ctx: Pick<CommandContext, 'engine' | 'platform'>): Reply {
  const label = `${ctx.platform.commandLabel('define')} <term>`;
  const known = definedTerms(ctx)
    .map((f) => f.subject)
    .filter((s) => s.length <= 40)
    .slice(0, 6);
  return {
    kind: 'error',
    text:
      known.length > 0
        ? `Usage: ${label}, such as ${known.join(', ')}.`
        : `Usage: ${label}. These documents define no terms yet; ${ctx.platform.commandLabel('ask')} can still search them.`,
  };
}

/** The /define reply: the corpus's definition, cited, and any other wording it gives. */
export function defineReply(
  ctx: Pick<CommandContext, 'engine' | 'platform'>,
  termInput: string,
): Reply {
  const term = termInput.replace(/\s+/gu, ' ').trim();
  if (term === '') return usageReply(ctx);
  const [first, ...others] = ctx.engine.facts.define(term);
  if (!first) {
    const close = closeTerms(ctx, term);
    const known = definedTerms(ctx).map((f) => f.subject);
    const hint =
      close.length > 0
        ? ` Did you mean ${close.join(', ')}?`
        : known.length > 0
          ? ` Terms they define include ${known.slice(0, 8).join(', ')}.`
          : '';
    return {
      kind: 'error',
      text: `The documents do not define "${term}".${hint} /ask can still search for it.`,
    };
  }
  const blocks: Block[] = factBlocks(ctx.engine, first);
  // Other wordings (another document, another paragraph) are worth seeing side by side.
  const alternatives = others.filter(
    (f) =>
      f.value.toLowerCase() !== first.value.toLowerCase() || f.paragraphId !== first.paragraphId,
  );
  if (alternatives.length > 0) {
    blocks.push({
      type: 'list',
      title: 'Also defined',
      items: alternatives.slice(0, 5).map((f) => factListItem(ctx.engine, f)),
    });
  }
  return {
    kind: 'message',
    visibility: 'private',
    title: first.subject,
    blocks,
    actions: readPassageButton(first),
  };
}

/** Defined terms matching what was typed, prefix matches first; ≤ 25 choices of ≤ 100 chars. */
export function termChoices(ctx: Pick<CommandContext, 'engine'>, typed: string): Choice[] {
  const t = typed.trim().toLowerCase();
  const terms = definedTerms(ctx);
  const rank = (f: Fact) => {
    const s = f.subject.toLowerCase();
    if (t === '' || s.startsWith(t)) return 0;
    if (s.includes(t)) return 1;
    return f.value.toLowerCase().includes(t) ? 2 : 3;
  };
  return terms
    .map((f, i) => ({ f, i, r: rank(f) }))
    .filter((x) => x.r < 3 && x.f.subject.length <= 100)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, 25)
    .map(({ f }) => {
      return { name: shorten(`${f.subject}: ${f.value}`, 100), value: f.subject };
    });
}

export const define = defineCommand({
  spec,
  execute(ctx, args) {
    return defineReply(ctx, args.term);
  },
  autocomplete(ctx, focused) {
    return focused.name === 'term' ? termChoices(ctx, focused.value) : [];
  },
});
