/**
 * The line-level pass a documentation page needs before a Markdown parser sees it. Site
 * generators extend Markdown with blocks no CommonMark parser knows: admonitions (`::: tip`
 * VitePress/Docusaurus, `!!! note` MkDocs, `/// note` pymdown, Hugo's `{{< hint >}}`), include
 * directives (`<<< ./file`, `<!--@include: …-->`, `--8<--`, `{* … *}`, `{% include %}`) and MDX's
 * `import`/`export` lines. Read as Markdown, an admonition's marker glues onto the paragraph below
 * it, and MkDocs' indented admonition body becomes an indented code block.
 *
 * So this pass finds them (outside fenced code), blanks their marker lines, takes the indentation
 * off an MkDocs body, and reports where each admonition starts and ends. Every line stays on its
 * line: the parser's line numbers are still the file's. No library parses all of these dialects
 * (remark-directive knows only `:::name` without a space, and none of the others), hence this.
 */

/** An admonition's body: 1-based lines of the body text, inclusive. */
export interface ContainerRegion {
  id: number;
  /** Lowercase kind (`tip`, `warning`, `details`, `code-group`…). */
  kind: string;
  title: string | null;
  /** First and last line of the body (1-based, relative to the text given). */
  start: number;
  end: number;
}

/** A directive that would pull in another file: skipped, and listed by `corpus:check`. */
export interface IncludeDirective {
  line: number;
  text: string;
}

export interface PreparedMarkdown {
  /** The text with marker lines blanked and MkDocs bodies outdented; as many lines as given. */
  text: string;
  regions: ContainerRegion[];
  includes: IncludeDirective[];
}

/** Containers that only group or format what they hold: their body is read as it is. */
const TRANSPARENT = new Set(['code-group', 'v-pre', 'raw', 'tabs', 'tab', 'group']);

const FENCE = /^\s*(`{3,}|~{3,})/u;
const COLON_OPEN = /^\s*(:{3,})\s*([A-Za-z][\w-]*)(.*)$/u;
const COLON_CLOSE = /^\s*(:{3,})\s*$/u;
const MKDOCS_OPEN =
  /^(\s*)(?:!!!|\?\?\?\+?)\s+([A-Za-z][\w-]*)((?:\s+[A-Za-z][\w-]*)*)(?:\s+"([^"]*)")?\s*$/u;
const SLASH_OPEN = /^\s*(\/{3,})\s*([A-Za-z][\w-]*)(?:\s*\|\s*(.*?))?\s*$/u;
const SLASH_CLOSE = /^\s*(\/{3,})\s*$/u;
const HUGO_OPEN =
  /^\s*\{\{[<%]\s*(hint|notice|alert|admonition|callout|note|tip|warning|info|caution|danger|details)\b(.*?)[%>]\}\}\s*$/iu;
const HUGO_CLOSE = /^\s*\{\{[<%]\s*\/\s*([\w-]+)\s*[%>]\}\}\s*$/u;
const HUGO_OTHER = /^\s*\{\{[<%].*[%>]\}\}\s*$/u;
const INCLUDES = [
  /^\s*\{\*.*\*\}\s*$/u, // FastAPI's docs: {* ../../docs_src/app.py hl[3] *}
  /^\s*<!--\s*[@#]?\s*include\b.*-->\s*$/iu, // VitePress <!--@include: ./part.md-->, SSI
  /^\s*-{1,2}8<-{1,2}(?:\s.*)?$/u, // pymdownx.snippets --8<-- "file.md"
  /^\s*<<<\s*\S+/u, // VitePress code snippet <<< ./file.ts{2}
  /^\s*\{%-?\s*(?:include|include_relative|import)\b.*%\}\s*$/u, // Jinja, Liquid
  /^\s*\{\{[<%]\s*(?:include|readfile|import)\b.*[%>]\}\}\s*$/u, // Hugo shortcodes
];
const MDX_ESM =
  /^(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['"][^'"]+['"];?|export\s+(?:const|let|var|function|default|\{)\b.*)\s*$/u;
const MDX_COMMENT = /^\s*\{\/\*.*\*\/\}\s*$/u;

interface Open {
  id: number;
  kind: string;
  title: string | null;
  start: number;
  /** `:::` and `///`: the marker's length (a closer must be at least as long); MkDocs: 0. */
  marker: string;
  /** MkDocs: columns of indentation its body has. */
  indent: number;
}

/**
 * Finds admonitions and include directives in a Markdown body (see the module comment).
 *
 * @example prepareMarkdown('::: tip\nUse it.\n:::\n').regions // [{ kind: 'tip', start: 2, end: 2, … }]
 */
export function prepareMarkdown(body: string): PreparedMarkdown {
  const lines = body.split('\n');
  const out: string[] = [];
  const regions: ContainerRegion[] = [];
  const includes: IncludeDirective[] = [];
  const stack: Open[] = [];
  let fence: { char: string; length: number } | null = null;
  let snippetBlock = false;
  let nextId = 1;
  let previousBlank = true;

  const close = (open: Open, lastLine: number) => {
    if (!TRANSPARENT.has(open.kind) && lastLine >= open.start)
      regions.push({
        id: open.id,
        kind: open.kind,
        title: open.title,
        start: open.start,
        end: lastLine,
      });
  };
  const mkdocsIndent = () => {
    for (let k = stack.length - 1; k >= 0; k--) {
      const o = stack[k] as Open;
      if (o.marker === '') return o.indent;
    }
    return 0;
  };

  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    let line = lines[i] as string;
    // an MkDocs body ends at the first line indented less than it (blank lines belong to it)
    if (line.trim() !== '') {
      while (stack.length > 0) {
        const top = stack[stack.length - 1] as Open;
        if (top.marker !== '' || columns(line) >= top.indent) break;
        stack.pop();
        close(top, lastContentLine(lines, n - 1, top.start));
      }
    }
    const outdent = mkdocsIndent();
    if (outdent > 0 && line.trim() !== '') line = removeColumns(line, outdent);

    if (fence) {
      const m = FENCE.exec(line);
      if (
        m &&
        (m[1] as string)[0] === fence.char &&
        (m[1] as string).length >= fence.length &&
        line.trim() === m[1]
      )
        fence = null;
      out.push(line);
      continue;
    }
    const opening = FENCE.exec(line);
    if (opening) {
      const mark = opening[1] as string;
      fence = { char: mark[0] as string, length: mark.length };
      out.push(line);
      previousBlank = false;
      continue;
    }
    if (snippetBlock) {
      // the files listed in a --8<-- block, up to the closing --8<--
      if (/^\s*-{1,2}8<-{1,2}\s*$/u.test(line)) snippetBlock = false;
      else if (line.trim() !== '') includes.push({ line: n, text: line.trim() });
      out.push('');
      continue;
    }
    if (/^\s*-{1,2}8<-{1,2}\s*$/u.test(line)) {
      snippetBlock = true;
      out.push('');
      continue;
    }
    if (INCLUDES.some((re) => re.test(line))) {
      includes.push({ line: n, text: line.trim() });
      out.push('');
      previousBlank = true;
      continue;
    }
    if (MDX_COMMENT.test(line) || (previousBlank && stack.length === 0 && MDX_ESM.test(line))) {
      out.push('');
      continue;
    }
    const colon = COLON_OPEN.exec(line);
    if (colon) {
      const { kind, title } = colonTitle(colon[2] as string, colon[3] as string);
      stack.push({
        id: nextId++,
        kind,
        title,
        start: n + 1,
        marker: colon[1] as string,
        indent: 0,
      });
      out.push('');
      previousBlank = true;
      continue;
    }
    const colonEnd = COLON_CLOSE.exec(line);
    if (colonEnd) {
      // a stray closer (its opener was not a container) is markup all the same
      closeMarked(stack, ':', (colonEnd[1] as string).length, n, close);
      out.push('');
      previousBlank = true;
      continue;
    }
    const slash = SLASH_OPEN.exec(line);
    if (slash) {
      stack.push({
        id: nextId++,
        kind: (slash[2] as string).toLowerCase(),
        title: clean(slash[3] ?? ''),
        start: n + 1,
        marker: slash[1] as string,
        indent: 0,
      });
      out.push('');
      previousBlank = true;
      continue;
    }
    const slashEnd = SLASH_CLOSE.exec(line);
    if (slashEnd) {
      closeMarked(stack, '/', (slashEnd[1] as string).length, n, close);
      out.push('');
      previousBlank = true;
      continue;
    }
    const mk = MKDOCS_OPEN.exec(line);
    if (mk) {
      stack.push({
        id: nextId++,
        kind: (mk[2] as string).toLowerCase(),
        title: mk[4] === undefined ? null : clean(mk[4]),
        start: n + 1,
        marker: '',
        indent: outdent + columns(mk[1] as string) + 4,
      });
      out.push('');
      previousBlank = true;
      continue;
    }
    const hugo = HUGO_OPEN.exec(line);
    if (hugo) {
      const { kind, title } = hugoKind(hugo[1] as string, hugo[2] as string);
      stack.push({ id: nextId++, kind, title, start: n + 1, marker: `{{${hugo[1]}`, indent: 0 });
      out.push('');
      previousBlank = true;
      continue;
    }
    const hugoEnd = HUGO_CLOSE.exec(line);
    if (hugoEnd || HUGO_OTHER.test(line)) {
      if (hugoEnd) {
        const name = (hugoEnd[1] as string).toLowerCase();
        const k = findLast(stack, (o) => o.marker.toLowerCase() === `{{${name}`);
        if (k >= 0) {
          for (const o of stack.splice(k).reverse()) close(o, n - 1);
        }
      }
      out.push('');
      previousBlank = true;
      continue;
    }
    out.push(line);
    previousBlank = line.trim() === '';
  }
  for (const o of stack.reverse()) close(o, lastContentLine(lines, lines.length, o.start));
  regions.sort((a, b) => a.start - b.start || b.end - a.end);
  return { text: out.join('\n'), regions, includes };
}

/** Closes the innermost `:::` or `///` container a closer of this length can close. */
function closeMarked(
  stack: Open[],
  char: string,
  length: number,
  n: number,
  close: (o: Open, last: number) => void,
): void {
  const k = findLast(stack, (o) => o.marker[0] === char && o.marker.length <= length);
  if (k >= 0) for (const o of stack.splice(k).reverse()) close(o, n - 1);
}

function findLast<T>(list: readonly T[], test: (x: T) => boolean): number {
  for (let k = list.length - 1; k >= 0; k--) if (test(list[k] as T)) return k;
  return -1;
}

/** `tip Title`, `tip[Title]` (Docusaurus), `details Title {open}`, `info{title="x"}`. */
function colonTitle(name: string, rest: string): { kind: string; title: string | null } {
  let title = rest.trim();
  const bracket = /^\[([^\]]*)\]/u.exec(title);
  if (bracket) title = bracket[1] ?? '';
  const attr = /title\s*=\s*"([^"]*)"/u.exec(title);
  if (attr) title = attr[1] ?? '';
  return { kind: name.toLowerCase(), title: clean(title) };
}

/** `{{< hint info >}}`, `{{% alert title="Warning" color="warning" %}}`, `{{< notice note >}}`. */
function hugoKind(name: string, args: string): { kind: string; title: string | null } {
  const title = /title\s*=\s*"([^"]*)"/u.exec(args)?.[1] ?? null;
  const color = /color\s*=\s*"([^"]*)"/u.exec(args)?.[1];
  const bare = /^\s*([A-Za-z][\w-]*)\b(?!\s*=)/u.exec(args)?.[1];
  const generic = ['hint', 'notice', 'alert', 'admonition', 'callout'].includes(name.toLowerCase());
  const kind = (generic ? (bare ?? color ?? 'note') : name).toLowerCase();
  return { kind, title: title === null ? null : clean(title) };
}

/** A title without attribute blocks (`{open}`) or surrounding quotes; null when empty. */
function clean(title: string): string | null {
  const t = title
    .replace(/\{[^}]*\}/gu, '')
    .trim()
    .replace(/^["']|["']$/gu, '')
    .trim();
  return t === '' ? null : t;
}

function columns(line: string): number {
  let c = 0;
  for (const ch of line) {
    if (ch === ' ') c++;
    else if (ch === '\t') c += 4 - (c % 4);
    else break;
  }
  return c;
}

function removeColumns(line: string, n: number): string {
  let c = 0;
  let i = 0;
  while (i < line.length && c < n) {
    const ch = line[i];
    if (ch === ' ') c++;
    else if (ch === '\t') c += 4 - (c % 4);
    else break;
    i++;
  }
  return line.slice(i);
}

/** The last non-blank line at or before `last` and not before `start` (a body's trailing blanks). */
function lastContentLine(lines: readonly string[], last: number, start: number): number {
  let n = last;
  while (n >= start && (lines[n - 1] ?? '').trim() === '') n--;
  return n;
}
