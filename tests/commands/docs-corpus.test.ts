/** Commands over a documentation corpus: no junk timeline, definitions from headings, code as code. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { define } from '../../commands/define.ts';
import { passageView } from '../../commands/source.ts';
import { timeline } from '../../commands/timeline.ts';
import { type Engine, loadEngine } from '../../src/answer/engine.ts';
import { asError, asMessage, context } from './helpers.ts';

const PAGE = `# Server Options

Unless noted, the options in this section are only applied to dev.

## server.port

- **Type:** \`number\`
- **Default:** \`5173\`

Specify the server port. For example:

\`\`\`js
export default { server: { port: 3000 } }
\`\`\`

::: tip
Use \`--port\` on the command line to override it for this major.
:::
`;

let dir: string;
let eng: Engine;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dossier-docs-'));
  await writeFile(join(dir, 'dossier.yaml'), 'base_url: https://docs.example.org/\n');
  await writeFile(join(dir, 'server-options.md'), PAGE);
  eng = await loadEngine({ corpusDir: dir, snapshotDir: null });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a documentation corpus', () => {
  it('/timeline says there is no timeline rather than inventing one', async () => {
    expect(asError(await timeline.execute(context(eng), {}))).toBe(
      'There is no timeline in these documents: they give no dated events.',
    );
  });

  it('/define reads an option heading and its description', async () => {
    const reply = asMessage(await define.execute(context(eng), { term: 'server.port' }));
    expect(JSON.stringify(reply.blocks)).toContain('Specify the server port');
  });

  it('/source shows the passage with its code block, linked to its section', () => {
    const passage = eng.corpus.paragraphs.find((p) => p.code);
    const reply = asMessage(passageView(eng, passage?.id ?? ''));
    const block = reply.blocks[0];
    if (block?.type !== 'passage') throw new Error('expected a passage');
    expect(block.spans.find((s) => s.code)).toEqual({
      text: 'export default { server: { port: 3000 } }',
      code: true,
      lang: 'js',
    });
    expect(block.citation.url).toBe('https://docs.example.org/server-options#serverport');
    expect(block.citation.section).toBe('Server Options › server.port');
  });
});
