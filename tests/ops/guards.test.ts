import { EventEmitter } from 'node:events';
import { describe, expect, test } from 'vitest';
import { Lifecycle } from '../../src/ops/lifecycle.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { type GuardedProcess, installProcessGuards } from '../../src/ops/process-guards.ts';
import { captureLogger, sleep } from '../adapters/discord/helpers.ts';

describe('process guards', () => {
  test('an unhandled rejection is logged with its error and counted, and nothing stops', () => {
    const { logger, records } = captureLogger();
    const target = new EventEmitter();
    const counted: string[] = [];
    const stops: Error[] = [];
    const uninstall = installProcessGuards({
      logger,
      count: (s) => counted.push(s),
      stop: (e) => stops.push(e),
      target: target as GuardedProcess,
    });
    target.emit('unhandledRejection', new Error('a promise nobody awaited'));
    expect(counted).toEqual(['unhandled_rejection']);
    expect(stops).toEqual([]);
    expect(records[0]).toMatchObject({
      level: 50,
      msg: 'unhandled promise rejection (a bug); the bot keeps running',
      err: { message: 'a promise nobody awaited' },
    });
    uninstall();
    expect(target.listenerCount('unhandledRejection')).toBe(0);
  });

  test('an uncaught exception is logged as fatal, counted, and stops the bot once', () => {
    const { logger, records } = captureLogger();
    const target = new EventEmitter();
    const counted: string[] = [];
    const stops: Error[] = [];
    installProcessGuards({
      logger,
      count: (s) => counted.push(s),
      stop: (e) => stops.push(e),
      target: target as GuardedProcess,
    });
    target.emit('uncaughtException', new Error('state unknown'));
    target.emit('uncaughtException', new Error('and again'));
    expect(counted).toEqual(['uncaught_exception', 'uncaught_exception']);
    expect(stops.map((e) => e.message)).toEqual(['state unknown']);
    expect(records.map((r) => r.level)).toEqual([60, 60]);
  });
});

describe('lifecycle', () => {
  test('drain waits for interactions in flight, or gives up after its time', async () => {
    const life = new Lifecycle({ metrics: createMetrics(), logQuestions: false });
    expect(await life.drain(10)).toBe(true);
    const end = life.begin();
    const endTwice = life.begin();
    setTimeout(end, 30);
    setTimeout(endTwice, 60);
    setTimeout(endTwice, 70);
    expect(await life.drain(2000)).toBe(true);
    expect(life.inFlight).toBe(0);
    life.begin();
    expect(await life.drain(50)).toBe(false);
    life.state = 'stopping';
    expect(life.accepting()).toBe(false);
    await sleep(0);
  });
});
