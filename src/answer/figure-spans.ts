/**
 * Spans of time and of amount in a sentence: dates ("February 2022", "the fall of 2022", "the 10th
 * and 11th centuries") and figures ("several hundred", "$2 billion", "40 percent"), with what they
 * count.
 */
import { isMonthName } from '../facts/dates.ts';
import { CURRENCY_NAMES } from '../language/question-words.ts';
import type { ReadSentence, STok } from './sentence-tokens.ts';

import { glued, isHyphenJoin, MODIFIER, NOMINAL, type Span } from './spans.ts';

const YEAR = /^(?:1[0-9]{3}|20[0-9]{2})s?$/u;
const SEASON = /^(?:spring|summer|fall|autumn|winter)$/u;
const DATE_EDGE = /^(?:early|late|mid|mid-|the|end|beginning|middle|start)$/u;

/** Dates: wink DATE/TIME entities, years, "the 10th and 11th centuries", "the fall of 2022". */
export function dateSpans(rs: ReadSentence): Span[] {
  const out: Span[] = [];
  const { toks } = rs;
  const covered = new Set<number>();
  for (const e of rs.ents) {
    const words = toks.slice(e.first, e.last + 1);
    const hasYear = words.some((t) => YEAR.test(t.value));
    if (e.type === 'DATE' || e.type === 'TIME' || (e.type === 'DURATION' && hasYear)) {
      let a = e.first;
      // "Since 2016", "in 1979": the date is what follows the preposition
      while (a < e.last && /^(?:since|in|from|until|by|during|on|at)$/u.test(toks[a]?.lower ?? ''))
        a++;
      out.push({ first: a, last: e.last, looks: { date: 1 } });
      for (let k = e.first; k <= e.last; k++) covered.add(k);
    } else if (e.type === 'ORDINAL' && /^centur/u.test(toks[e.last + 1]?.lower ?? '')) {
      out.push({ first: e.first, last: e.last + 1, looks: { date: 0.9 } });
    }
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as STok;
    if (covered.has(i) || !YEAR.test(t.value) || t.pos === 'PROPN') continue;
    let a = i;
    const prev = toks[i - 1];
    if (prev && (isMonthName(prev.value) || SEASON.test(prev.lower))) a = i - 1;
    out.push({ first: a, last: i, looks: { date: 1 }, year: true });
  }
  // "the 10th and 11th centuries"
  for (let i = 0; i + 3 < toks.length; i++) {
    const [a, b, c, d] = [toks[i], toks[i + 1], toks[i + 2], toks[i + 3]];
    if (
      a &&
      b &&
      c &&
      d &&
      /^\d+(?:st|nd|rd|th)$/u.test(a.lower) &&
      b.lower === 'and' &&
      /^\d+(?:st|nd|rd|th)$/u.test(c.lower) &&
      /^centur/u.test(d.lower)
    )
      out.push({ first: i, last: i + 3, looks: { date: 1 } });
  }
  for (const s of out) {
    // "early 2022", "late 1990s": keep the qualifier wink may have left outside
    const p = toks[s.first - 1];
    if (p && DATE_EDGE.test(p.lower) && p.lower !== 'the' && p.pos === 'ADJ') s.first--;
  }
  return out;
}

/** A currency's name after an amount ("2 billion dollars", "500 million rials"). */
const CURRENCY = new RegExp(`^(?:${CURRENCY_NAMES})$`, 'u');

/** Amounts: wink CARDINAL, MONEY, PERCENT and durations, alone and with what they count. */
export function numberSpans(rs: ReadSentence): Span[] {
  const out: Span[] = [];
  const { toks } = rs;
  const seen = new Set<number>();
  const add = (first: number, last: number, duration: boolean, entity = '') => {
    let b = last;
    // "2.4m", "$2bn": a unit glued to the number
    while (
      glued(toks[b], toks[b + 1]) &&
      /^(?:m|bn|k|km|kg|%|million|billion)$/iu.test(toks[b + 1]?.value ?? '')
    )
      b++;
    const words = toks.slice(first, b + 1);
    const year = words.length === 1 && YEAR.test(words[0]?.value ?? '') && !duration;
    const looks = { number: year ? 0.3 : duration ? 0.8 : 1 };
    const money =
      !duration &&
      (entity === 'MONEY' ||
        /^[$€£¥₽﷼]/u.test(toks[first - 1]?.value ?? '') ||
        /[$€£¥₽﷼]/u.test(words.map((t) => t.value).join('')) ||
        CURRENCY.test(toks[b + 1]?.lower ?? '') ||
        CURRENCY.test(toks[b + 2]?.lower ?? ''));
    out.push({
      first,
      last: b,
      looks,
      year,
      unit: duration,
      ...(duration ? { duration } : {}),
      ...(money ? { money } : {}),
    });
    if (year) return;
    // with what it counts: "380 years", "10 million homes", "436,000 square kilometres"
    let c = b;
    while (
      c + 1 < toks.length &&
      c - b < 6 &&
      (MODIFIER.has(toks[c + 1]?.pos ?? '') || isHyphenJoin(toks, c + 1))
    )
      c++;
    // the whole compound or nothing: "several hundred short range ballistic missiles"
    while (c > b && toks[c]?.pos !== 'NOUN') c--;
    if (c > b && toks[c + 1]?.pos !== 'NOUN')
      out.push({ first, last: c, looks: { number: 0.85 }, unit: true });
    // "hundreds of drones"
    if (c === b && toks[b + 1]?.lower === 'of') {
      let d = b + 2;
      if (toks[d]?.pos === 'DET') d++;
      let e = d - 1;
      while (e + 1 < toks.length && e - d < 3 && MODIFIER.has(toks[e + 1]?.pos ?? '')) e++;
      if (e >= d && NOMINAL.has(toks[e]?.pos ?? ''))
        out.push({ first, last: e, looks: { number: 0.8 }, unit: true });
    }
  };
  for (const e of rs.ents) {
    if (
      e.type === 'CARDINAL' ||
      e.type === 'MONEY' ||
      e.type === 'PERCENT' ||
      e.type === 'QUANTITY'
    ) {
      add(e.first, e.last, false, e.type);
      for (let k = e.first; k <= e.last; k++) seen.add(k);
    } else if (e.type === 'DURATION') {
      if (toks.slice(e.first, e.last + 1).some((t) => YEAR.test(t.value))) continue;
      add(e.first, e.last, true);
      for (let k = e.first; k <= e.last; k++) seen.add(k);
    }
  }
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as STok;
    if (seen.has(i) || t.pos !== 'NUM' || !/\d/u.test(t.value)) continue;
    if (YEAR.test(t.value)) continue;
    // "Tondar-69", "Su-35": a number glued into a name is no amount
    if (glued(toks[i - 1], t) || (glued(t, toks[i + 1]) && toks[i + 1]?.value === '-')) continue;
    if (toks[i - 1]?.cap && toks[i - 1]?.pos === 'PROPN') continue;
    add(i, i, false);
  }
  return out;
}
