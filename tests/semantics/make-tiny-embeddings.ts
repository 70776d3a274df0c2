// Rewrites fixtures/tiny-embeddings.json from the table in tiny-embeddings.ts:
//   npx tsx tests/semantics/make-tiny-embeddings.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tinyEmbeddingsJson } from './tiny-embeddings.ts';

const here = dirname(fileURLToPath(import.meta.url));
writeFileSync(join(here, 'fixtures', 'tiny-embeddings.json'), tinyEmbeddingsJson());
