/**
 * `dossier.yaml` in the corpus folder: settings for the corpus as a whole.
 *
 * ```yaml
 * base_url: https://vite.dev/   # each page's citation links to base_url + its path
 * page_urls: clean              # clean: guide/env.md → guide/env; html: guide/env.html; folder: guide/env/
 * passages: auto                # auto, sections (documentation) or paragraphs (articles)
 * ```
 *
 * A document's own `url` (front matter) wins over `base_url`; a `permalink` (or a Docusaurus
 * `slug: /path`, a Hugo `url: /path/`) replaces the path. Read once at load; a bad value is a
 * problem at its line and that setting keeps its default.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { type ConfineOptions, OutsideCorpusError, readCorpusFile } from './confine.ts';
import type { PassageMode } from './document.ts';
import type { CorpusProblem } from './types.ts';

export const SETTINGS_FILE = 'dossier.yaml';

export interface CorpusSettings {
  baseUrl: string | null;
  pageUrls: 'clean' | 'html' | 'folder';
  passages: PassageMode | 'auto';
}

export const DEFAULT_SETTINGS: CorpusSettings = {
  baseUrl: null,
  pageUrls: 'clean',
  passages: 'auto',
};

const FIELDS = {
  base_url: z.url({ protocol: /^https?$/u }).transform((u) => (u.endsWith('/') ? u : `${u}/`)),
  page_urls: z.enum(['clean', 'html', 'folder']),
  passages: z.enum(['auto', 'sections', 'paragraphs']),
} as const;

/** Reads `dossier.yaml` (missing: defaults). Returns its bytes too, for the corpus fingerprint. */
export async function loadSettings(
  dir: string,
  opts: ConfineOptions = {},
): Promise<{ settings: CorpusSettings; problems: CorpusProblem[]; text: string }> {
  let text: string;
  try {
    text = await readCorpusFile(dir, SETTINGS_FILE, opts);
  } catch (error) {
    if (error instanceof OutsideCorpusError)
      return {
        settings: DEFAULT_SETTINGS,
        problems: [{ path: SETTINGS_FILE, line: 0, reason: error.reason }],
        text: '',
      };
    const code = error instanceof Error && 'code' in error ? error.code : undefined;
    if (code === 'ENOENT') return { settings: DEFAULT_SETTINGS, problems: [], text: '' };
    return {
      settings: DEFAULT_SETTINGS,
      problems: [{ path: SETTINGS_FILE, line: 0, reason: `cannot be read (${String(code)})` }],
      text: '',
    };
  }
  return { ...parseSettings(text), text };
}

/** Parses the settings file's text; each bad or unknown key is a problem at its line. */
export function parseSettings(text: string): {
  settings: CorpusSettings;
  problems: CorpusProblem[];
} {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const problems: CorpusProblem[] = [];
  const settings: CorpusSettings = { ...DEFAULT_SETTINGS };
  const problem = (offset: number, reason: string) =>
    problems.push({ path: SETTINGS_FILE, line: counter.linePos(offset).line, reason });
  const first = doc.errors[0];
  if (first) {
    problem(first.pos[0], `bad YAML: ${first.code}`);
    return { settings, problems };
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return { settings, problems };
  const record = z.record(z.string(), z.unknown()).safeParse(value);
  if (!record.success) {
    problem(0, 'must be a mapping of key: value lines');
    return { settings, problems };
  }
  const lineOf = (key: string) => {
    const at = text.search(new RegExp(`^${key.replace(/[^\w]/gu, '\\$&')}\\s*:`, 'mu'));
    return at < 0 ? 0 : at;
  };
  for (const [key, raw] of Object.entries(record.data)) {
    if (!(key in FIELDS)) {
      problem(lineOf(key), `unknown setting ${key} (known: ${Object.keys(FIELDS).join(', ')})`);
      continue;
    }
    const parsed = FIELDS[key as keyof typeof FIELDS].safeParse(raw);
    if (!parsed.success) {
      problem(lineOf(key), `${key}: ${parsed.error.issues[0]?.message ?? 'invalid value'}`);
      continue;
    }
    if (key === 'base_url') settings.baseUrl = parsed.data as string;
    else if (key === 'page_urls') settings.pageUrls = parsed.data as CorpusSettings['pageUrls'];
    else settings.passages = parsed.data as CorpusSettings['passages'];
  }
  return { settings, problems };
}

/**
 * The address of a page from the corpus's `base_url`: its permalink when the front matter gives
 * one, else its path as the site serves it (`guide/env.md` → `guide/env`, `guide/index.md` →
 * `guide/`). Null without a base URL.
 */
export function pageUrl(
  settings: CorpusSettings,
  path: string,
  permalink: string | undefined,
): string | null {
  if (settings.baseUrl === null) return null;
  const base = new URL(settings.baseUrl);
  if (permalink !== undefined) return new URL(permalink.replace(/^\/+/u, ''), base).href;
  const stem = path.replace(/\.(?:md|markdown|mdx|txt|html?)$/iu, '');
  const isIndex = /(?:^|\/)(?:index|readme|_index)$/iu.test(stem);
  const folder = isIndex ? stem.replace(/(?:^|\/)?(?:index|readme|_index)$/iu, '') : stem;
  const rel = isIndex
    ? folder === ''
      ? ''
      : `${folder}/`
    : settings.pageUrls === 'html'
      ? `${stem}.html`
      : settings.pageUrls === 'folder'
        ? `${stem}/`
        : stem;
  return new URL(rel.split('/').map(encodeURIComponent).join('/'), base).href;
}
