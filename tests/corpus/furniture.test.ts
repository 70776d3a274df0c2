import { describe, expect, it } from 'vitest';
import { classifyBlocks, looksLikeHeading, type RawBlock } from '../../src/corpus/furniture.ts';

const b = (text: string, hint?: RawBlock['hint']): RawBlock => ({ text, line: 1, hint });
const roleOf = (blocks: RawBlock[], title?: string) => classifyBlocks(blocks, title);
const BODY = b('A body paragraph that is long enough and ends with a period.');

describe('looksLikeHeading', () => {
  it('takes short unpunctuated capitalised lines', () => {
    expect(looksLikeHeading('How Europeans should respond')).toBe(true);
    expect(looksLikeHeading('2024 in review')).toBe(true);
  });
  it('rejects sentences, lowercase starts, trailing colons and long lines', () => {
    expect(looksLikeHeading('This is a sentence.')).toBe(false);
    expect(looksLikeHeading('lowercase start')).toBe(false);
    expect(looksLikeHeading('Key points:')).toBe(false);
    expect(
      looksLikeHeading(
        'One two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen',
      ),
    ).toBe(false);
    expect(looksLikeHeading('')).toBe(false);
  });
});

describe('classifyBlocks', () => {
  it('finds the title line: equal to the front-matter title, else the first heading-like block', () => {
    expect(roleOf([b('My  Title'), BODY], 'my title')).toEqual(['title', 'body']);
    expect(roleOf([b('Other Line'), BODY], 'My title')).toEqual(['heading', 'body']);
    expect(roleOf([b('Untitled report'), BODY])).toEqual(['title', 'body']);
    expect(roleOf([BODY, BODY])).toEqual(['body', 'body']);
  });

  it('recognises photo credits by wording and agency', () => {
    for (const credit of [
      '©',
      '© 2024 Example Press',
      'Copyright Example Press',
      'Image by picture alliance / Pacific Press | Sobhan Farajvan',
      'Photo: Reuters',
      'Photos by Jane Doe',
      'Credit: AFP',
      'Source: Ministry of Defence',
      'Getty Images',
    ]) {
      expect(roleOf([BODY, b(credit)])[1], credit).toBe('credit');
    }
    expect(roleOf([BODY, b('Reuters reported that the missiles arrived in September.')])[1]).toBe(
      'body',
    );
  });

  it('recognises captions: a "(Photo by …)" mark, or a line before a credit ahead of the body', () => {
    expect(
      roleOf([
        b('Title'),
        b('A missile on display at a fair in Tehran. (Photo by Jane Doe / Reuters)'),
        BODY,
      ]),
    ).toEqual(['title', 'caption', 'body']);
    expect(
      roleOf([b('Title'), b('A drone over the sea at night.'), b('Getty Images'), BODY]),
    ).toEqual(['title', 'caption', 'credit', 'body']);
    // after the body has started, a line before a credit is body text
    expect(roleOf([b('Title'), BODY, b('Another paragraph here.'), b('© Example')])).toEqual([
      'title',
      'body',
      'body',
      'credit',
    ]);
    // Markdown: an image, then an emphasised line
    expect(
      roleOf([b('Title'), b('alt text', 'image'), b('The caption.', 'emphasis'), BODY]),
    ).toEqual(['title', 'credit', 'caption', 'body']);
  });

  it('recognises bylines and the author roles after them, until the body', () => {
    expect(
      roleOf([
        b('Title'),
        b('By Jane Doe'),
        b('Senior Fellow, Europe programme'),
        b('Jane Doe'),
        BODY,
        b('After the body'),
      ]),
    ).toEqual(['title', 'byline', 'author-role', 'author-role', 'body', 'heading']);
    expect(roleOf([BODY, b('Author'), b('Interim Director, Africa programme')])).toEqual([
      'body',
      'byline',
      'author-role',
    ]);
    expect(roleOf([BODY, b('Written by John Smith and Jane Doe')])[1]).toBe('byline');
    expect(roleOf([BODY, b('About the authors')])[1]).toBe('byline');
  });

  it('recognises a role line without a byline above it', () => {
    expect(roleOf([BODY, b('Director, Middle East and North Africa programme')])[1]).toBe(
      'author-role',
    );
    // a heading that merely names a role word is still a heading
    expect(roleOf([BODY, b('The director speaks')])[1]).toBe('heading');
  });

  it('recognises call-outs and disclaimers', () => {
    for (const callout of [
      'Subscribe to our newsletters',
      'Be the first to know about our latest publications, podcasts, events, and job opportunities. Join our community and stay connected!',
      'Sign up for our newsletter',
      'Follow us on social media.',
    ]) {
      expect(roleOf([BODY, b(callout)])[1], callout).toBe('callout');
    }
    for (const disclaimer of [
      'The European Council on Foreign Relations does not take collective positions. ECFR publications only represent the views of their individual authors.',
      'The views and opinions expressed in this article are those of the authors and do not necessarily reflect the views of Gulf International Forum.',
      'The views expressed here are the authors’ own.',
    ]) {
      expect(roleOf([BODY, b(disclaimer)])[1], disclaimer).toBe('disclaimer');
    }
    // a long paragraph that mentions a newsletter is body text
    expect(roleOf([BODY, b(`The newsletter reported ${'many things. '.repeat(40)}`)])[1]).toBe(
      'body',
    );
  });

  it('tells headings from body text, and list items are never headings', () => {
    expect(
      roleOf([
        b('Title'),
        b('How Europeans should respond'),
        BODY,
        b('Next steps', 'heading'),
        b('Short item', 'list-item'),
        b('A body paragraph, even short, with a comma at the end,'),
      ]),
    ).toEqual(['title', 'heading', 'body', 'heading', 'body', 'body']);
  });
});
