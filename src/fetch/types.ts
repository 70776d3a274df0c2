/**
 * What a crawl is asked to do and what it tells: its options, the events it reports as it goes,
 * and its report at the end.
 */
import type { Clock, FetchResult, get } from './http.ts';

export interface CrawlOptions {
  start: URL;
  /** The folder pages are saved under (created if needed). */
  out: string;
  /** Most pages requested in one run (default 500). */
  maxPages?: number;
  /** Least time between the starts of two requests, ms (default 1000). */
  delayMs?: number;
  /** Requests in flight at once (default 1). */
  concurrency?: number;
  /** Largest page, bytes (default 8 MB, MAX_DOCUMENT_MB). */
  maxPageBytes?: number;
  /** Delete the files of pages the site no longer lists or that are gone (404/410). */
  prune?: boolean;
  timeoutMs?: number;
  retries?: number;
  clock: Clock;
  fetch?: typeof fetch;
  userAgent?: string;
  onEvent?: (event: CrawlEvent) => void;
}

export type PageOutcome = 'saved' | 'unchanged' | 'skipped' | 'failed' | 'gone';

export type CrawlEvent =
  | { type: 'discovered'; source: 'sitemap' | 'links'; total: number; sitemaps: string[] }
  | { type: 'page'; url: string; outcome: PageOutcome; detail: string; done: number; total: number }
  | { type: 'note'; message: string };

export interface CrawlReport {
  source: 'sitemap' | 'links';
  sitemaps: string[];
  saved: string[];
  unchanged: string[];
  skipped: { url: string; reason: string }[];
  failed: { url: string; reason: string }[];
  /** Pages fetched before that the site no longer lists or answers 404/410 for. */
  gone: string[];
  /** Of `gone`, the ones whose files were deleted (--prune). */
  pruned: string[];
  disallowed: string[];
  /** URLs left unfetched because of --max-pages. */
  leftOver: number;
  /** HTTP requests made (robots.txt, sitemaps, retries and redirects included). */
  requests: number;
}

/** A GET with the crawl's HTTP options, `extra` overriding them for one request (http.ts). */
export type CrawlRequest = (
  url: URL,
  extra?: Partial<Parameters<typeof get>[1]>,
) => Promise<FetchResult>;
