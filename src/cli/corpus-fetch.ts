import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../config.ts';
import { crawl } from '../fetch/crawl.ts';
import { realClock } from '../fetch/http.ts';
import { hostFolder } from '../fetch/paths.ts';
import type { CrawlEvent, CrawlReport } from '../fetch/types.ts';
import { runCli } from './run.ts';

const USAGE =
  'corpus:fetch: usage: npm run corpus:fetch -- URL [--out DIR] [--max-pages N] [--delay MS] [--concurrency N] [--prune]';

function positiveInt(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new Error(
      `corpus:fetch: --${name} must be a whole number of at least ${min} (got "${raw}")\n${USAGE}`,
    );
  return n;
}

/**
 * Fetches a documentation site into the corpus (see src/fetch/crawl.ts): progress on stderr (a
 * bar on a terminal, a line a page otherwise), a summary on stdout; exits 1 when a page failed.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'max-pages': { type: 'string' },
      delay: { type: 'string' },
      concurrency: { type: 'string' },
      prune: { type: 'boolean', default: false },
      corpus: { type: 'string' },
    },
  });
  const raw = positionals[0];
  if (raw === undefined || positionals.length > 1) throw new Error(USAGE);
  let start: URL;
  try {
    start = new URL(raw);
  } catch {
    throw new Error(`corpus:fetch: "${raw}" is not a URL (include https://)\n${USAGE}`);
  }
  if (start.protocol !== 'http:' && start.protocol !== 'https:')
    throw new Error(`corpus:fetch: "${raw}": only http:// and https:// sites can be fetched`);
  const config = loadConfig();
  const out = values.out ?? join(values.corpus ?? config.CORPUS_DIR, hostFolder(start));
  const maxPages = positiveInt('max-pages', values['max-pages'], 500);
  const delayMs = positiveInt('delay', values.delay, 1000, 0);
  const concurrency = positiveInt('concurrency', values.concurrency, 1);

  const tty = process.stderr.isTTY === true;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: 'fetch {bar} {value}/{total} pages | {outcome} {url}',
          hideCursor: true,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      )
    : null;
  let barStarted = false;
  const onEvent = (event: CrawlEvent) => {
    if (event.type === 'note') {
      if (bar && barStarted) bar.stop();
      console.error(`corpus:fetch: ${event.message}`);
      barStarted = false;
    } else if (event.type === 'discovered') {
      const from =
        event.source === 'sitemap'
          ? `the sitemap (${event.sitemaps.join(', ')})`
          : 'links (no sitemap found)';
      console.error(`corpus:fetch: ${event.total} pages from ${from}`);
    } else if (bar) {
      if (!barStarted) {
        bar.start(event.total, 0, { outcome: '', url: '' });
        barStarted = true;
      }
      bar.setTotal(event.total);
      bar.update(event.done, { outcome: event.outcome, url: event.url });
    } else {
      console.error(`[${event.done}/${event.total}] ${event.outcome} ${event.url} ${event.detail}`);
    }
  };
  let report: CrawlReport;
  try {
    report = await crawl({
      start,
      out,
      maxPages,
      delayMs,
      concurrency,
      prune: values.prune,
      maxPageBytes: config.MAX_DOCUMENT_MB * 1048576,
      clock: realClock,
      onEvent,
    });
  } finally {
    if (bar && barStarted) bar.stop();
  }
  printReport(report, out, values.prune);
  return report.failed.length > 0 ? 1 : 0;
}

function printReport(r: CrawlReport, out: string, prune: boolean): void {
  const rel = relative(process.cwd(), out);
  const where = rel.startsWith('..') ? resolve(out) : rel || '.';
  const counts = [
    `${r.saved.length} saved`,
    `${r.unchanged.length} unchanged`,
    `${r.skipped.length} skipped`,
    `${r.failed.length} failed`,
    `${r.disallowed.length} disallowed by robots.txt`,
    `${r.gone.length} gone${prune ? ` (${r.pruned.length} removed)` : ''}`,
  ];
  console.log(`corpus:fetch: ${where}: ${counts.join(', ')}; ${r.requests} requests`);
  for (const s of r.skipped) console.log(`  skipped ${s.url}: ${s.reason}`);
  for (const f of r.failed) console.log(`  failed ${f.url}: ${f.reason}`);
  for (const g of r.gone) {
    const removed = r.pruned.includes(g);
    console.log(`  gone ${g}${removed ? ': removed' : prune ? '' : ' (--prune removes its file)'}`);
  }
  if (r.leftOver > 0)
    console.log(
      `  stopped at --max-pages: ${r.leftOver} more pages not fetched (raise --max-pages)`,
    );
}

runCli(main);
