/**
 * What a fetched page is: HTML or Markdown (from its Content-Type), and its text (from its
 * charset).
 */
import type { PageType } from './paths.ts';

/** html or md from the Content-Type (and, for text/plain, the URL's extension), else null. */
export function pageType(contentType: string | null, url: URL): PageType | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'text/markdown' || type === 'text/x-markdown') return 'md';
  if ((type === 'text/plain' || type === '') && /\.(?:md|markdown)$/iu.test(url.pathname))
    return 'md';
  if (type === '' && /\.html?$/iu.test(url.pathname)) return 'html';
  return null;
}

/** The page's text, decoded from the charset its headers or its <meta charset> name. */
export function decode(bytes: Uint8Array, contentType: string | null): string {
  let charset = /charset\s*=\s*"?([\w.:-]+)/iu.exec(contentType ?? '')?.[1];
  if (!charset) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
    charset = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(head)?.[1];
  }
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}
