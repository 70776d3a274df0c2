import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  asksForHelp,
  chatFiller,
  openingAddress,
  withoutSmallTalk,
} from '../../src/language/small-talk.ts';

const cut = (text: string) => chatFiller(text).map(([a, b]) => text.slice(a, b));

describe('chatFiller', () => {
  it('finds a greeting or thanks that opens the message or a clause, and thanks that close it', () => {
    expect(cut('hey, where is it? thanks in advance')).toEqual(['hey', 'thanks in advance']);
    expect(cut('Hi all. OK: which port? Cheers!')).toEqual(['Hi all', 'OK', 'Cheers!']);
    expect(cut('which port does preview use thank you so much')).toEqual(['thank you so much']);
    expect(cut('Hi Dossier, which port? Cheers, Sam')).toEqual(['Hi Dossier', 'Cheers, Sam']);
    expect(cut('Good morning! Quick question - which port? best regards')).toEqual([
      'Good morning',
      'Quick question',
      'best regards',
    ]);
  });

  it('withoutSmallTalk: the question alone, or nothing when it is all small talk', () => {
    expect(withoutSmallTalk('Hey all, how do I set up a proxy? Thanks, Sam')).toBe(
      'how do I set up a proxy?',
    );
    expect(withoutSmallTalk('ok thanks. what about drones')).toBe('what about drones');
    expect(withoutSmallTalk('thanks so much!')).toBe('');
  });

  it("drops a channel's hedges, lead-ins and codas around the question", () => {
    for (const [text, question] of <[string, string][]>[
      [
        'sorry if this is a dumb question but when did moscow invade ukraine',
        'when did moscow invade ukraine',
      ],
      ['Not sure if this is the right channel but who took the photo?', 'who took the photo?'],
      [
        'hey all, long time lurker. when did moscow invade ukraine?',
        'when did moscow invade ukraine?',
      ],
      ['does anybody here know when moscow invaded ukraine', 'when moscow invaded ukraine'],
      ['ok so basically i need to know who took the photo', 'who took the photo'],
      ['this is probably a stupid question: how do I set up a proxy?', 'how do I set up a proxy?'],
      ['just curious, who leads Iran?', 'who leads Iran?'],
      ['stupid question but how do I set up a proxy', 'how do I set up a proxy'],
      ['noob q: how do I set up a proxy', 'how do I set up a proxy'],
      ['who leads Iran? asking for a friend', 'who leads Iran?'],
      ['who leads Iran? thanks in advance, much appreciated', 'who leads Iran?'],
      ['who leads Iran? Appreciated!', 'who leads Iran?'],
      ['how do I set up a proxy any help appreciated', 'how do I set up a proxy'],
      [
        'I have a quick question about the sanctions: did the EU widen them?',
        'the sanctions: did the EU widen them?',
      ],
    ])
      expect(withoutSmallTalk(text)).toBe(question);
  });

  it('keeps a question that only sounds like a hedge or a coda', () => {
    for (const text of [
      'sorry seems to be the hardest word lyrics',
      'what is the process for asking for a refund',
      'who sang not sure if',
      'is a dumb question a real question',
      'how is the work of volunteers appreciated',
      'what is the tax on capital gains, appreciated assets',
      'curious george author',
      'basic question types in english',
      'simple question answering with a retriever',
    ])
      expect(withoutSmallTalk(text)).toBe(text);
  });

  it('leaves such words inside a clause, and words that only begin like them', () => {
    expect(cut('what grade was arnold from hey arnold in')).toEqual([]);
    expect(cut('a hello world example')).toEqual([]);
    expect(cut('history of the okapi, hiking and heyday')).toEqual([]);
    expect(cut('thanksgiving dinner')).toEqual([]);
    // a greeting with more than whom it greets keeps its clause's words; "thanks to" is no thanks
    expect(cut('hey jude lyrics, who wrote it')).toEqual(['hey']);
    expect(cut('Thanks to sanctions, did Iran suffer?')).toEqual([]);
  });

  it('property: each range lies in the text and starts with a greeting or thanks (fast-check)', () => {
    const part = fc.constantFrom(
      'hey',
      'thanks',
      'ok',
      'port',
      'in advance',
      'so much',
      'heyday',
      'just',
    );
    const sep = fc.constantFrom(' ', ', ', '. ', '? ', '!');
    fc.assert(
      fc.property(fc.array(fc.tuple(part, sep), { maxLength: 8 }), (parts) => {
        const text = parts.map(([p, s]) => p + s).join('');
        for (const [a, b] of chatFiller(text)) {
          expect(0 <= a && a < b && b <= text.length).toBe(true);
          expect(text.slice(a, b)).toMatch(/^(?:hey|thanks|ok|so|just)\b/iu);
        }
      }),
    );
  });
});

describe('asksForHelp', () => {
  it('reads a request for the bot’s help, or a hello alone, with greetings and thanks around it', () => {
    for (const text of [
      'help',
      'Help!',
      'help me please',
      'Can someone help me?',
      'I need help',
      'hi',
      'Hey there!',
      'Good morning',
      'hi, what can you do? thanks',
      'Who are you?',
      'what can I ask you',
      'How do I use this bot?',
      'What commands do you support?',
    ])
      expect(asksForHelp(text), text).toBe(true);
  });

  it('leaves thanks, "ok", and anything that names a subject', () => {
    for (const text of [
      'thanks!',
      'thanks for the help!',
      'ok',
      'ok thx',
      'can you help me configure a proxy?',
      'help with drones',
      'how does this work?',
      'what commands are there?',
      'what do you know about drones',
      'hey jude',
      'hello world example',
    ])
      expect(asksForHelp(text), text).toBe(false);
  });

  it('property: case, punctuation and spacing do not change the reading (fast-check)', () => {
    const words = fc.constantFrom(
      'hi',
      'help',
      'me',
      'what',
      'can',
      'you',
      'do',
      'thanks',
      'proxy',
    );
    const marks = fc.constantFrom(' ', '  ', ', ', '! ', '? ', ' - ');
    fc.assert(
      fc.property(fc.array(fc.tuple(words, marks), { minLength: 1, maxLength: 6 }), (parts) => {
        const plain = parts.map(([w]) => w).join(' ');
        const written = parts.map(([w, m], k) => (k % 2 ? w.toUpperCase() : w) + m).join('');
        expect(asksForHelp(written)).toBe(asksForHelp(plain));
      }),
    );
  });
});

describe('openingAddress', () => {
  it('finds a name alone that opens the message, closed by a comma or colon, before more', () => {
    expect(openingAddress('Dossier, who leads Iran?')).toEqual([0, 7]);
    expect(openingAddress('  Ann Lee: how do I set up a proxy?')).toEqual([2, 9]);
    expect(openingAddress('Who leads Iran?')).toBeNull();
    expect(openingAddress('Dossier,')).toBeNull();
    expect(openingAddress('dossier, who leads Iran?')).toBeNull();
    expect(openingAddress('Ann Lee Smith Jones, who?')).toBeNull();
  });
});
