/**
 * No folder imports upward (design principle; issue 8), the engine imports no platform package and
 * one adapter never imports another's folder (issue 14): checked over the real import graph.
 */
import { describe, expect, test } from 'vitest';
import { checkLayers, importsOf, layerOf, readSources } from './support/layers.ts';

describe('layers', () => {
  test('no module in src/, commands/ or bench/ imports a layer above its own, a package its layer may not use, or a sibling adapter', () => {
    const files = readSources('.', ['src', 'commands', 'bench']);
    expect(files.size).toBeGreaterThan(50);
    expect(checkLayers(files)).toEqual([]);
  });

  test('the checker finds static, type-only, re-exported and dynamic upward imports', () => {
    const files = new Map([
      ['src/storage/a.ts', "import { isDue } from '../daily/due.ts';"],
      ['src/answer/b.ts', "import type {\n  Services,\n} from '../../commands/types.ts';"],
      ['src/cli/c.ts', "const m = await import('../../bench/pydoc.ts');"],
      ['src/daily/d.ts', "export * from '../interactions/buttons.ts';"],
      ['src/daily/ok.ts', "import { x } from '../storage/db.ts';\nimport 'node:fs';"],
      ['src/nowhere/e.ts', ''],
    ]);
    expect(checkLayers(files).map((v) => `${v.from} → ${v.to}`)).toEqual([
      'src/storage/a.ts → src/daily/due.ts',
      'src/answer/b.ts → commands/types.ts',
      'src/cli/c.ts → bench/pydoc.ts',
      'src/daily/d.ts → src/interactions/buttons.ts',
      'src/nowhere/e.ts → ',
    ]);
  });

  test('the checker finds platform and storage packages outside their layers', () => {
    const files = new Map([
      ['src/search/rank.ts', "import type { Client } from 'discord.js';"],
      [
        'src/answer/a.ts',
        "import { App } from '@slack/bolt';\nimport { WebClient } from '@slack/web-api';",
      ],
      ['src/facts/b.ts', "import pg from 'pg';\nimport Database from 'better-sqlite3';"],
      [
        'src/corpus/c.ts',
        "import { WebSocket } from 'ws';\nimport { createServer } from 'node:http';",
      ],
      ['commands/d.ts', "import { ButtonStyle } from 'discord.js';"],
      ['src/interactions/e.ts', "const bolt = await import('@slack/bolt');"],
      ['src/services/f.ts', "import type { REST } from '@discordjs/rest';"],
      // allowed: the adapters speak to the platforms; storage and the HTTP server are not engine
      ['src/adapters/discord/ok.ts', "import { Client } from 'discord.js';"],
      ['src/adapters/slack/ok.ts', "import { App } from '@slack/bolt';"],
      ['src/storage/ok.ts', "import pg from 'pg';"],
      ['src/http/ok.ts', "import { createServer } from 'node:http';"],
      [
        'src/search/ok.ts',
        "import MiniSearch from 'minisearch';\nimport { join } from 'node:path';",
      ],
    ]);
    expect(checkLayers(files).map((v) => `${v.from} → ${v.to}`)).toEqual([
      'src/search/rank.ts → discord.js',
      'src/answer/a.ts → @slack/bolt',
      'src/answer/a.ts → @slack/web-api',
      'src/facts/b.ts → pg',
      'src/facts/b.ts → better-sqlite3',
      'src/corpus/c.ts → ws',
      'src/corpus/c.ts → node:http',
      'commands/d.ts → discord.js',
      'src/interactions/e.ts → @slack/bolt',
      'src/services/f.ts → @discordjs/rest',
    ]);
  });

  test('the checker finds one adapter importing another’s folder, not what they share', () => {
    const files = new Map([
      ['src/adapters/slack/text.ts', "import { sanitize } from '../discord/text.ts';"],
      ['src/adapters/discord/render.ts', "import type { SlackBlock } from '../slack/render.ts';"],
      ['src/adapters/console/chat.ts', "export * from '../discord/render.ts';"],
      ['src/adapters/slack/ok.ts', "import { sanitize } from '../text.ts';\nimport './render.ts';"],
      ['src/adapters/text.ts', "import type { Span } from '../answer/reply.ts';"],
    ]);
    expect(checkLayers(files).map((v) => `${v.from} → ${v.to}`)).toEqual([
      'src/adapters/slack/text.ts → src/adapters/discord/text.ts',
      'src/adapters/discord/render.ts → src/adapters/slack/render.ts',
      'src/adapters/console/chat.ts → src/adapters/discord/render.ts',
    ]);
  });

  test('import lines are read whatever their shape', () => {
    expect(
      importsOf(
        [
          "import a from './a.ts';",
          "import { b, type C } from './b.ts';",
          "export { d } from './d.ts';",
          "import './side.ts';",
          "const e = await import('./e.ts');",
          'const s = \'import x from "./not-an-import.ts"\';',
        ].join('\n'),
      ),
    ).toEqual(['./a.ts', './b.ts', './d.ts', './side.ts', './e.ts']);
    expect(layerOf('src/bot.ts')).toBeGreaterThan(layerOf('src/adapters/discord/client.ts'));
    expect(layerOf('src/types/stopword.d.ts')).toBe(0);
    // the language reader sits under everything but the package declarations
    expect(layerOf('src/language/question.ts')).toBe(1);
    expect(layerOf('src/config.ts')).toBeGreaterThan(layerOf('src/language/nlp.ts'));
  });
});
