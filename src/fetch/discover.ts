/**
 * What a site offers to crawl: the URLs its sitemaps list (urlset and sitemapindex, plain or
 * gzipped) and the links of an HTML page.
 */
import { gunzipSync } from 'node:zlib';
import { Parser } from 'htmlparser2';

/** The `<loc>` entries of a sitemap document, and whether it is an index of further sitemaps. */
export function parseSitemap(
  bytes: Uint8Array,
  maxBytes: number,
): { index: boolean; locs: string[] } {
  let data = bytes;
  if (data[0] === 0x1f && data[1] === 0x8b) {
    // a .xml.gz sitemap; the cap keeps a decompression bomb out
    data = new Uint8Array(gunzipSync(data, { maxOutputLength: maxBytes }));
  }
  const xml = new TextDecoder().decode(data);
  const locs: string[] = [];
  let index = false;
  let inLoc = false;
  let text = '';
  const parser = new Parser(
    {
      onopentag(name) {
        const local = name.replace(/^.*:/u, '').toLowerCase();
        if (local === 'sitemapindex') index = true;
        if (local === 'loc') {
          inLoc = true;
          text = '';
        }
      },
      ontext(t) {
        if (inLoc) text += t;
      },
      onclosetag(name) {
        if (name.replace(/^.*:/u, '').toLowerCase() === 'loc' && inLoc) {
          inLoc = false;
          const loc = text.trim();
          if (loc !== '') locs.push(loc);
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return { index, locs };
}

export interface PageLinks {
  /** Absolute targets of `<a href>` and `<area href>`, resolved against `<base href>`. */
  links: URL[];
  /** `<meta name="robots">` (or a Dossier one) says noindex / nofollow. */
  noindex: boolean;
  nofollow: boolean;
}

/** The links an HTML page offers, and what its robots meta tags allow. */
export function pageLinks(html: string, pageUrl: URL): PageLinks {
  let base = pageUrl;
  const hrefs: string[] = [];
  let noindex = false;
  let nofollow = false;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'base' && attribs.href !== undefined) {
          try {
            base = new URL(attribs.href, pageUrl);
          } catch {
            // a broken <base> is ignored, as browsers do
          }
        } else if ((name === 'a' || name === 'area') && attribs.href !== undefined) {
          if (!/\bnofollow\b/iu.test(attribs.rel ?? '')) hrefs.push(attribs.href);
        } else if (name === 'meta') {
          const who = (attribs.name ?? '').toLowerCase();
          if (who === 'robots' || who === 'dossier') {
            const content = (attribs.content ?? '').toLowerCase();
            if (/\b(?:noindex|none)\b/u.test(content)) noindex = true;
            if (/\b(?:nofollow|none)\b/u.test(content)) nofollow = true;
          }
        }
      },
    },
    { decodeEntities: true },
  );
  parser.write(html);
  parser.end();
  const links: URL[] = [];
  for (const href of hrefs) {
    try {
      const u = new URL(href.trim(), base);
      u.hash = '';
      links.push(u);
    } catch {
      // not a URL: skipped
    }
  }
  return { links, noindex, nofollow };
}

/** Paths that are files, not pages: not worth a request in a link crawl. */
export const ASSET =
  /\.(?:png|jpe?g|gif|webp|avif|svg|ico|bmp|tiff?|css|js|mjs|map|json|xml|txt|pdf|zip|gz|tgz|bz2|xz|7z|rar|tar|dmg|exe|msi|deb|rpm|apk|woff2?|ttf|otf|eot|mp[34]|m4a|wav|ogg|webm|mov|avi|wasm|csv|xlsx?|docx?|pptx?|epub)$/iu;
