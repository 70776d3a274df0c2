/** No folder imports upward (design principle; issue 8): checked over the real import graph. */
import { describe, expect, test } from 'vitest';
import { checkLayers, importsOf, layerOf, readSources } from './support/layers.ts';

describe('layers', () => {
  test('no module in src/, commands/ or bench/ imports a layer above its own', () => {
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
    expect(layerOf('src/config.ts')).toBe(0);
  });
});
