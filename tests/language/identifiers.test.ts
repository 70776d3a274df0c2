import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeTerms, identifierTerms, indexTerms } from '../../src/language/analyzer.ts';

describe('identifierTerms', () => {
  it('keeps dotted paths and file names whole, with their leading paths', () => {
    expect(identifierTerms('Set server.port in vite.config.js.')).toEqual([
      'server.port',
      'vite.config',
      'vite.config.js',
    ]);
    expect(identifierTerms('import.meta.env.MODE')).toEqual([
      'import.meta',
      'import.meta.env',
      'import.meta.env.mode',
    ]);
    expect(identifierTerms('the .env.local file')).toEqual(['.env', '.env.local']);
  });

  it('keeps flags, query suffixes and snake_case names whole', () => {
    expect(identifierTerms('run vite --host or --mode staging')).toEqual(['--host', '--mode']);
    expect(identifierTerms('Use the ?raw suffix: ./shader.glsl?url')).toEqual([
      'shader.glsl',
      '?raw',
      '?url',
    ]);
    expect(identifierTerms('VITE_SOME_KEY and NODE_ENV')).toEqual(['vite_some_key', 'node_env']);
  });

  it('gives the parts of camelCase and PascalCase words, stemmed as words are', () => {
    expect(identifierTerms('optimizeDeps UploadFile HTMLParser')).toEqual([
      ...indexTerms('optimize deps'),
      ...indexTerms('upload file'),
      ...indexTerms('html parser'),
    ]);
  });

  it('gives nothing for prose: initialisms, sentence ends and questions are no identifiers', () => {
    expect(identifierTerms('The U.S. and Iran talked, e.g. twice. Is this? Yes.')).toEqual([]);
  });

  it('indexes code by its words and identifiers, each once, not by its punctuation', () => {
    const terms = codeTerms('export default defineConfig({ server: { port: 3000 } })');
    expect(terms).toContain('server');
    expect(terms).toContain('3000');
    expect(terms).toEqual(expect.arrayContaining(indexTerms('define config')));
    expect(terms.some((t) => /^[{}():]+$/u.test(t))).toBe(false);
    expect(new Set(terms).size).toBe(terms.length);
  });

  it('property: a dotted identifier written in a text is among its terms, lowercased', () => {
    const part = fc.stringMatching(/^[a-z][a-zA-Z0-9]{1,7}$/u);
    fc.assert(
      fc.property(fc.array(part, { minLength: 2, maxLength: 4 }), (parts) => {
        const id = parts.join('.');
        expect(identifierTerms(`Set ${id} first.`)).toContain(id.toLowerCase());
      }),
      { numRuns: 200 },
    );
  });
});
