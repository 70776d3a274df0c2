/** A reply's actions as Discord buttons: rows of at most 5, at most 5 rows, valid ids only. */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIMessageComponentEmoji,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import type { Action } from '../../answer/reply.ts';
import { sanitize } from '../text.ts';
import { LIMITS } from './limits.ts';
import { truncate } from './text.ts';

export type ButtonRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

const STYLES = {
  primary: ButtonStyle.Primary,
  secondary: ButtonStyle.Secondary,
  success: ButtonStyle.Success,
  danger: ButtonStyle.Danger,
} as const;

function parseEmoji(emoji: string | undefined): APIMessageComponentEmoji | undefined {
  if (emoji === undefined || emoji === '') return undefined;
  const custom = /^<(a?):(\w{2,32}):(\d{17,20})>$/.exec(emoji);
  if (custom) {
    return { id: custom[3] as string, name: custom[2] as string, animated: custom[1] === 'a' };
  }
  // A Unicode emoji: short, pictographic, no ASCII letters (Discord rejects anything else).
  if (emoji.length <= 16 && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(emoji)) {
    if (!/[A-Za-z0-9<>:]/.test(emoji)) return { name: emoji.toWellFormed() };
  }
  return undefined;
}

/** Buttons in rows of ≤ 5, ≤ 5 rows; ids over 100 code units, empty or duplicate are dropped. */
export function renderButtons(actions: readonly Action[], warnings: string[] = []): ButtonRow[] {
  const seen = new Set<string>();
  const buttons: APIButtonComponentWithCustomId[] = [];
  for (const action of actions) {
    if (
      action.id === '' ||
      action.id.length > LIMITS.customId ||
      action.id !== action.id.toWellFormed()
    ) {
      warnings.push(`dropped button with invalid id (${action.id.length} code units)`);
      continue;
    }
    if (seen.has(action.id)) {
      warnings.push(`dropped duplicate button id ${action.id}`);
      continue;
    }
    if (buttons.length >= LIMITS.rows * LIMITS.buttonsPerRow) {
      warnings.push('dropped buttons over the 25-button limit');
      break;
    }
    seen.add(action.id);
    const emoji = parseEmoji(action.emoji);
    // Labels are not Markdown; only their length and well-formedness matter.
    let label = truncate(sanitize(action.label).replace(/\s+/g, ' ').trim(), LIMITS.buttonLabel);
    if (label === '' && emoji === undefined) label = '•';
    const button: APIButtonComponentWithCustomId = {
      type: ComponentType.Button,
      style: STYLES[action.style],
      custom_id: action.id,
    };
    if (label !== '') button.label = label;
    if (emoji) button.emoji = emoji;
    if (action.disabled) button.disabled = true;
    buttons.push(button);
  }
  const rows: ButtonRow[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow),
    });
  }
  return rows;
}
