/**
 * Discord's documented limits, in one place: every renderer counts against these (in UTF-16 code
 * units, as Discord counts), and the tests check every payload against them.
 */
import type { APIEmbed } from 'discord.js';

/** Discord's documented limits (UTF-16 code units). */
export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
  /** An attachment's description (its alt text). */
  attachmentDescription: 1024,
} as const;

/** Total characters Discord counts toward the 6000 limit across a message's embeds. */
export function embedChars(embeds: readonly APIEmbed[]): number {
  let n = 0;
  for (const e of embeds) {
    n += (e.title?.length ?? 0) + (e.description?.length ?? 0);
    n += (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
    for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  }
  return n;
}
