/**
 * ParagraphMiniSearch reads MiniSearch's protected fields (_fieldIds, _fieldLength, _index …),
 * which a minor release may rename: the dependency is pinned to the exact version these tests
 * and the README's figures were made with, so an upgrade is a deliberate change.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the MiniSearch dependency', () => {
  it('is pinned to one exact version in package.json, the one installed', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const spec = pkg.dependencies.minisearch ?? '';
    expect(spec).toMatch(/^\d+\.\d+\.\d+$/u);
    // its package.json is not exported: read it from where npm installed it
    const installed = (
      JSON.parse(readFileSync('node_modules/minisearch/package.json', 'utf8')) as {
        version: string;
      }
    ).version;
    expect(installed).toBe(spec);
  });
});
