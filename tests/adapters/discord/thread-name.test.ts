/** The name of a thread made for an answer: the question, on one line, without mentions. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { threadName } from '../../../src/adapters/discord/outbox.ts';

describe('threadName', () => {
  test('the question, without mentions or line breaks', () => {
    expect(threadName('<@123456789012345678> How many\nmissiles?')).toBe('How many missiles?');
    expect(threadName('   ')).toBe('Question');
    expect(threadName('<@&1> <#2>')).toBe('Question');
  });

  test('property: 1 to 100 characters, one line, never a lone surrogate', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const name = threadName(text);
        return (
          name.length >= 1 && name.length <= 100 && !name.includes('\n') && name.isWellFormed()
        );
      }),
    );
  });
});
