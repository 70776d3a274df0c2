/** The per-user sliding window (T-I7), on an injected clock. */
import { expect, test } from 'vitest';
import { createCooldown } from '../../src/interactions/cooldown.ts';

test('5 per 10 s per user, sliding; refusals are not counted; users are independent', () => {
  let now = 0;
  const cd = createCooldown({ now: () => now });
  for (let i = 0; i < 5; i++) {
    expect(cd.take('a')).toEqual({ ok: true });
    now += 1000;
  }
  // 5 taken at t=0..4000; at t=5000 the oldest frees at 10 000.
  expect(cd.take('a')).toEqual({ ok: false, retryAfterMs: 5000 });
  expect(cd.take('b')).toEqual({ ok: true });
  now = 9999;
  expect(cd.take('a').ok).toBe(false);
  now = 10_000;
  expect(cd.take('a')).toEqual({ ok: true }); // t=0 slid out
  expect(cd.take('a')).toEqual({ ok: false, retryAfterMs: 1000 }); // t=1000 is next to go
});

test('custom limits and bounded memory under many users', () => {
  let now = 0;
  const cd = createCooldown({ limit: 1, windowMs: 100, now: () => now, maxUsers: 10 });
  expect(cd.take('x').ok).toBe(true);
  expect(cd.take('x')).toEqual({ ok: false, retryAfterMs: 100 });
  now = 1000;
  // Users active within the window are all remembered (their limit must hold)...
  for (let i = 0; i < 50; i++) cd.take(`u${i}`);
  expect(cd.size()).toBe(50);
  // ...but stale ones are swept once the map grows past maxUsers.
  now = 5000;
  cd.take('late');
  for (let i = 0; i < 10; i++) cd.take(`v${i}`);
  expect(cd.size()).toBeLessThanOrEqual(11);
});
