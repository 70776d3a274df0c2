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

const FrontMatterSchema = z
  .object({
    title: z.string().trim().min(1).optional(),
    publisher: z.string().trim().min(1).optional(),
    url: z.url().optional(),
    published: z
      .union([z.string(), z.number(), z.date()])
      .transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v)))
      .refine((v) => isoDate.test(v), 'published must be a date like 2024-09-10, 2024-09 or 2024')
      .optional(),
    authors: z
      .union([z.string(), z.array(z.string())])
      .transform((v) => (typeof v === 'string' ? [v] : v))
      .optional(),
    language: z.string().trim().min(2).optional(),
    // the same form file names are turned into, so any script is fine: `slug: иран`
    slug: z
      .string()
      .refine((s) => slugify(s) === s, 'slug must be lowercase words joined by hyphens')
      .optional(),
  })
  .strict();

export interface FrontMatter {
  meta: Partial<DocumentMeta>;
  slug?: string | undefined;
  /** The source line of `slug:` (0 when there is none). */
  slugLine: number;
  /** The body after the front matter block. */
  body: string;
  /** Number of source lines the front matter block takes (0 when there is none). */
  bodyLineOffset: number;
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
 * Splits an optional `---` YAML block off the top of a document and validates it.
 * Throws FrontMatterError with the 1-based source line of the problem.
 *
 * @example parseFrontMatter('---\ntitle: A\n---\nBody').meta.title // 'A'
 */
export function parseFrontMatter(source: string): FrontMatter {
  const lines = source.split('\n');
  if (lines[0]?.trim() !== '---') return { meta: {}, slugLine: 0, body: source, bodyLineOffset: 0 };
  const close = lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l));
  if (close < 0) throw new FrontMatterError(1, 'front matter opened with --- but never closed');
  const yamlText = lines.slice(1, close).join('\n');
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
  const value: unknown = doc.contents === null ? {} : doc.toJS();
  if (!isMap(doc.contents) && doc.contents !== null) {
    throw new FrontMatterError(2, 'front matter must be a YAML mapping of key: value lines');
  }
  const parsed = FrontMatterSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue?.path[0];
    const line = typeof key === 'string' ? keyLine(lines, close, key) : 2;
    const what = typeof key === 'string' ? `${key}: ` : '';
    const message =
      issue?.code === 'unrecognized_keys'
        ? `unknown front matter key ${issue.keys.join(', ')} (allowed: title, publisher, url, published, authors, language, slug)`
        : `${what}${issue?.message ?? 'invalid front matter'}`;
    throw new FrontMatterError(
      issue?.code === 'unrecognized_keys' ? keyLine(lines, close, issue.keys[0] ?? '') : line,
      message,
    );
  }
  const { slug, ...meta } = parsed.data;
  return {
    meta,
    slug,
    slugLine: slug === undefined ? 0 : keyLine(lines, close, 'slug'),
    body: lines.slice(close + 1).join('\n'),
    bodyLineOffset: close + 1,
  };
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
  const i = lines.findIndex((l, idx) => idx > 0 && idx < close && l.startsWith(`${key}:`));
  return i < 0 ? 2 : i + 1;
}
