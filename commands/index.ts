import { ask } from './ask.ts';
import { autoanswer } from './autoanswer.ts';
import { daily } from './daily.ts';
import { define } from './define.ts';
import { fact } from './fact.ts';
import { findInSources } from './find-in-sources.ts';
import { gaps } from './gaps.ts';
import { help } from './help.ts';
import { reload } from './reload.ts';
import { source } from './source.ts';
import { sources } from './sources.ts';
import { timeline } from './timeline.ts';
import type { Command } from './types.ts';

/**
 * Every command, listed explicitly (no folder scanning): the interaction core routes to these,
 * deploy-commands registers exactly these, and /help and the terminal list them. Adding a command
 * is one file plus one line here.
 */
export const commands: readonly Command[] = [
  ask,
  source,
  sources,
  fact,
  timeline,
  define,
  daily,
  autoanswer,
  gaps,
  reload,
  help,
  findInSources,
];

/** Looks a command up by its name (chat commands) or its menu label (context-menu commands). */
export function findCommand(name: string): Command | undefined {
  return commands.find((c) => c.spec.name === name);
}
