/**
 * Worker thread entry: loads an engine (the CPU-heavy part of a reload: parsing, indexing, fact
 * extraction) and posts it to the parent as plain parts, documents in batches so the parent
 * decodes them a slice at a time between its own work. See build-in-worker.ts for the protocol.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { z } from 'zod';
import { engineParts, loadEngine } from '../answer/engine.ts';
import { openEngineOptions } from './portable-options.ts';
import { batchDocuments, splitSnapshot, type WorkerMessage } from './worker-protocol.ts';

const optionsSchema = z
  .object({
    corpusDir: z.string(),
    snapshotDir: z.string().nullable(),
    idsDatabase: z.string().nullable(),
    semanticsDir: z.string().nullable(),
  })
  .loose();

async function run(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('engine-worker: must run as a worker thread');
  // One message in flight: the parent asks for the next once it has handled one. Posted all at
  // once, they queue up and the parent decodes the whole queue in one go, blocking it.
  const asked: (() => void)[] = [];
  port.on('message', () => asked.shift()?.());
  const post = async (message: WorkerMessage) => {
    const more = new Promise<void>((resolve) => asked.push(resolve));
    port.postMessage(message);
    await more;
  };
  try {
    const { options, close } = await openEngineOptions(optionsSchema.parse(workerData));
    let parts: ReturnType<typeof engineParts>;
    try {
      parts = engineParts(await loadEngine(options));
    } finally {
      await close();
    }
    const { corpus, snapshot, ...rest } = parts;
    for (const documents of batchDocuments(corpus.documents))
      await post({ type: 'documents', documents });
    const { head, chunks } = splitSnapshot(snapshot);
    await post({ type: 'snapshot', head });
    for (const { field, items } of chunks) await post({ type: 'snapshot-chunk', field, items });
    port.postMessage({ type: 'done', corpus: { ...corpus, documents: [] }, rest });
  } catch (error) {
    port.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
    } satisfies WorkerMessage);
  }
  port.removeAllListeners('message');
}

await run();
