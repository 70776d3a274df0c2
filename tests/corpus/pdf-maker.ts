/**
 * Writes small PDFs for the tests with pdf-lib: text drawn at given positions in Helvetica, so a
 * test states its layout (columns, running heads, line breaks) exactly.
 */
import { PDFDocument, type PDFFont, StandardFonts } from 'pdf-lib';

export interface Line {
  text: string;
  x: number;
  /** Baseline, from the bottom of the page. */
  y: number;
  size?: number;
  bold?: boolean;
}

export interface PdfSpec {
  title?: string;
  pages: Line[][];
  width?: number;
  height?: number;
}

export async function makePdf(spec: PdfSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  if (spec.title !== undefined) doc.setTitle(spec.title);
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  for (const lines of spec.pages) {
    const page = doc.addPage([spec.width ?? 612, spec.height ?? 792]);
    for (const l of lines) {
      page.drawText(l.text, { x: l.x, y: l.y, size: l.size ?? 10, font: l.bold ? bold : regular });
    }
  }
  return doc.save({ useObjectStreams: false });
}

let measuring: PDFFont | undefined;

/** Helvetica, for measuring lines before they are drawn. */
export async function helvetica(): Promise<PDFFont> {
  if (measuring) return measuring;
  const doc = await PDFDocument.create();
  measuring = await doc.embedFont(StandardFonts.Helvetica);
  return measuring;
}

/** Greedy line breaking of `text` into lines at most `width` points wide at `size`. */
export async function wrap(text: string, width: number, size = 10): Promise<string[]> {
  const font = await helvetica();
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/u)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** Lines of a column from the top baseline `y` down, `leading` apart; returns them and the next y. */
export function column(
  texts: readonly string[],
  x: number,
  y: number,
  leading = 12,
  size = 10,
): { lines: Line[]; y: number } {
  const lines = texts.map((text, i) => ({ text, x, y: y - i * leading, size }));
  return { lines, y: y - texts.length * leading };
}

/**
 * A one-page PDF protected by a user password (standard security handler, revision 2). The /U
 * entry matches no password, so a reader asks for one; pdf-lib cannot encrypt, so it is written
 * by hand, with a correct cross-reference table.
 */
export function encryptedPdf(): Uint8Array {
  const hex32 = 'a1'.repeat(32);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>',
    `<< /Filter /Standard /V 1 /R 2 /O <${'b2'.repeat(32)}> /U <${hex32}> /P -4 >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  const id = 'c3'.repeat(16);
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Encrypt 4 0 R /ID [<${id}> <${id}>] >>\n`;
  out += `startxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}
