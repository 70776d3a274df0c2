import { parse as parseToml, TomlError } from 'smol-toml';
import {
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type YAMLError,
  type Document as YamlDocument,
} from 'yaml';
import { z } from 'zod';
import { slugify } from './document.ts';
import type { DocumentMeta } from './types.ts';

const isoDate = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/**
 * The keys Dossier reads itself. A value of one of these that cannot be used is an error at its
 * line (the author meant it for Dossier); everything else a site generator writes is accepted.
 */
const OwnKeys = z.object({
  title: z
    .union([z.string(), z.number()])
    .transform((v) => String(v).trim())
    .pipe(z.string().min(1))
    .optional(),
  publisher: z.string().trim().min(1).optional(),
  published: z
    .union([z.string(), z.number(), z.date()])
    .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))
    .refine((v) => isoDate.test(v), 'published must be a date like 2024-09-10, 2024-09 or 2024')
    .optional(),
  language: z.string().trim().min(2).optional(),
});

/** Keys Dossier reads, as `corpus:check` lists them. */
export const KNOWN_KEYS = [
  'title',
  'description',
  'publisher',
  'url',
  'published',
  'date',
  'authors',
  'author',
  'language',
  'lang',
  'slug',
  'permalink',
  'tags',
] as const;

/** Something about the front matter worth knowing that does not stop the document loading. */
export interface FrontMatterNote {
  line: number;
  reason: string;
}

export interface FrontMatter {
  meta: Partial<DocumentMeta>;
  slug?: string | undefined;
  /** The source line of `slug:` (0 when there is none). */
  slugLine: number;
  /** The body after the front matter block. */
  body: string;
  /** Number of source lines the front matter block takes (0 when there is none). */
  bodyLineOffset: number;
  /** Keys ignored and values that could not be used, each at its line (absent when none). */
  notes?: FrontMatterNote[];
}

export class FrontMatterError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Splits an optional front matter block off the top of a document and reads it: YAML between
 * `---` lines (Jekyll, VitePress, Docusaurus, MkDocs, Hugo) or TOML between `+++` lines (Hugo).
 * Any key is accepted: Dossier reads title, description, publisher, url, published or date,
 * authors or author, language, slug or permalink, and tags; the rest (a generator's `sidebar`,
 * `layout`, `head`…) is ignored and listed in `notes`. Throws FrontMatterError with the 1-based
 * source line of a block that cannot be read, or of a value of Dossier's own keys that is wrong.
 *
 * @example parseFrontMatter('---\ntitle: A\n---\nBody').meta.title // 'A'
 */
export function parseFrontMatter(source: string): FrontMatter {
  const lines = source.split('\n');
  const fence = lines[0]?.trim();
  if (fence !== '---' && fence !== '+++')
    return { meta: {}, slugLine: 0, body: source, bodyLineOffset: 0 };
  const closing = fence === '---' ? /^(---|\.\.\.)\s*$/ : /^\+\+\+\s*$/;
  const close = lines.findIndex((l, i) => i > 0 && closing.test(l));
  if (close < 0)
    throw new FrontMatterError(1, `front matter opened with ${fence} but never closed`);
  const blockText = lines.slice(1, close).join('\n');
  const value = fence === '---' ? readYaml(blockText) : readToml(blockText);
  const at = (key: string) => keyLine(lines, close, key);
  const own = OwnKeys.safeParse(value);
  if (!own.success) {
    const issue = own.error.issues[0];
    const key = issue?.path[0];
    const line = typeof key === 'string' ? at(key) : 2;
    const what = typeof key === 'string' ? `${key}: ` : '';
    throw new FrontMatterError(line, `${what}${issue?.message ?? 'invalid front matter'}`);
  }
  const notes: FrontMatterNote[] = [];
  const meta: Partial<DocumentMeta> = {};
  for (const [k, v] of Object.entries(own.data))
    if (v !== undefined) Object.assign(meta, { [k]: v });
  const url = readUrl(value.url, at('url'));
  if (url.url) meta.url = url.url;
  let permalink = url.path;
  if (meta.published === undefined && value.date !== undefined) {
    const date = readDate(value.date);
    if (date) meta.published = date;
    else
      notes.push({
        line: at('date'),
        reason: `date: ${describe(value.date)} is not a date; ignored`,
      });
  }
  const authors = readPeople(value.authors ?? value.author);
  if (authors.length > 0) meta.authors = authors;
  if (
    meta.language === undefined &&
    typeof value.lang === 'string' &&
    value.lang.trim().length >= 2
  )
    meta.language = value.lang.trim();
  if (typeof value.description === 'string' && value.description.trim() !== '')
    meta.description = value.description.trim();
  const tags = readTags(value.tags);
  if (tags.length > 0) meta.tags = tags;
  if (typeof value.permalink === 'string' && value.permalink.trim() !== '')
    permalink ??= value.permalink.trim();
  let slug: string | undefined;
  if (value.slug !== undefined) {
    const raw =
      typeof value.slug === 'string' || typeof value.slug === 'number' ? String(value.slug) : '';
    // Docusaurus and Hugo write the page's address there ("/guide/intro"): that is a permalink
    if (raw.includes('/')) permalink ??= raw;
    else if (slugify(raw) === raw) slug = raw;
    else
      throw new FrontMatterError(
        at('slug'),
        'slug: slug must be lowercase words joined by hyphens',
      );
  }
  if (permalink !== undefined) meta.permalink = permalink;
  const used = new Set<string>(KNOWN_KEYS);
  const ignored = Object.keys(value).filter((k) => !used.has(k));
  if (ignored.length > 0)
    notes.push({
      line: at(ignored[0] ?? ''),
      reason: `front matter key${ignored.length === 1 ? '' : 's'} ${ignored.join(', ')} ignored (read: ${KNOWN_KEYS.join(', ')})`,
    });
  return {
    meta,
    slug,
    slugLine: slug === undefined ? 0 : at('slug'),
    body: lines.slice(close + 1).join('\n'),
    bodyLineOffset: close + 1,
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/** A YAML block as a plain object; a mistake is reported at the line that causes it. */
function readYaml(yamlText: string): Record<string, unknown> {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    // the YAML starts on the file's line 2 (after the opening ---)
    const pos = counter.linePos(faultOffset(doc, firstError));
    const what = firstError.message
      .split('\n')[0]
      ?.replace(/^\p{Lu}(?!\p{Lu})/u, (c) => c.toLowerCase());
    throw new FrontMatterError(
      pos.line + 1,
      `bad YAML in front matter: ${firstError.code}${what ? ` (${what})` : ''}`,
    );
  }
  if (doc.contents === null) return {};
  if (!isMap(doc.contents)) {
    throw new FrontMatterError(2, 'front matter must be a YAML mapping of key: value lines');
  }
  return asRecord(doc.toJS());
}

/** A TOML block (Hugo's `+++`) as a plain object. */
function readToml(text: string): Record<string, unknown> {
  try {
    return asRecord(parseToml(text));
  } catch (error) {
    if (error instanceof TomlError) {
      const what = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /u, '');
      throw new FrontMatterError(error.line + 1, `bad TOML in front matter (${what})`);
    }
    throw error;
  }
}

function asRecord(value: unknown): Record<string, unknown> {
  const parsed = z.record(z.string(), z.unknown()).safeParse(value);
  return parsed.success ? parsed.data : {};
}

/**
 * `url`: an address makes citations links; a path ("/about/", as Hugo writes it) is the page's
 * place on its site, used with the corpus's `base_url`. Anything else is an error.
 */
function readUrl(value: unknown, line: number): { url?: string; path?: string } {
  if (value === undefined) return {};
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.startsWith('/')) return { path: text };
  const parsed = z.url().safeParse(text);
  if (parsed.success) return { url: parsed.data };
  throw new FrontMatterError(line, `url: ${parsed.error.issues[0]?.message ?? 'Invalid URL'}`);
}

/**
 * A date as generators write it: a YAML or TOML date, `2024-09-10T08:00:00Z`, `2024-09-10
 * 08:00 +0100`, or words a JavaScript date reads ("March 12, 2026"). The day is kept.
 */
function readDate(value: unknown): string | null {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1000 && value <= 9999)
    return String(value);
  if (typeof value !== 'string' && !(typeof value === 'object' && value !== null)) return null;
  const text = String(value).trim();
  const iso = /^(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:$|[T\s])/u.exec(text);
  if (iso) return iso[1] ?? null;
  if (!/\b\d{4}\b/u.test(text)) return null;
  const t = Date.parse(`${text} UTC`);
  return Number.isNaN(t) ? null : new Date(t).toISOString().slice(0, 10);
}

/** Authors as generators write them: a name, `{name: …}` (VitePress, Docusaurus), or a list of either. */
function readPeople(value: unknown): string[] {
  const one = (v: unknown): string | null => {
    if (typeof v === 'string') return v.trim() || null;
    if (typeof v === 'object' && v !== null && 'name' in v && typeof v.name === 'string')
      return v.name.trim() || null;
    return null;
  };
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map(one).filter((s): s is string => s !== null);
}

/** Tags as a list of words, or `{label: …}` objects (Docusaurus). */
function readTags(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  return list
    .map((v: unknown) =>
      typeof v === 'string'
        ? v.trim()
        : typeof v === 'object' && v !== null && 'label' in v && typeof v.label === 'string'
          ? v.label.trim()
          : '',
    )
    .filter((s) => s !== '');
}

function describe(value: unknown): string {
  const s = typeof value === 'string' ? `"${value}"` : (JSON.stringify(value) ?? String(value));
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}

/**
 * Where the fault behind a YAML error is. The yaml library reports a quote or a flow collection
 * (`[`, `{`) left open where it gives up, at the end of everything it swallowed, which is lines
 * below the mistake; the fault is where the innermost such node opens. Other errors are where
 * the library says.
 */
function faultOffset(doc: YamlDocument, error: YAMLError): number {
  const at = error.pos[0];
  const unclosed =
    error.code === 'MISSING_CHAR' || (error.code === 'BAD_INDENT' && /flow/iu.test(error.message));
  if (!unclosed) return at;
  let start = at;
  let best = -1;
  visit(doc, {
    Node(_key, node) {
      const open =
        (isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE')) ||
        ((isSeq(node) || isMap(node)) && node.flow === true);
      const range = node.range;
      if (open && range && range[0] < at && range[1] >= at && range[0] > best) {
        best = range[0];
        start = range[0];
      }
    },
  });
  return start;
}

function keyLine(lines: string[], close: number, key: string): number {
  const i = lines.findIndex(
    (l, idx) =>
      idx > 0 && idx < close && l.startsWith(key) && /^\s*[:=]/u.test(l.slice(key.length)),
  );
  return i < 0 ? 2 : i + 1;
}
