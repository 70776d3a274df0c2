/** A minimal multipart/form-data parser, enough for what @discordjs/rest sends (payload_json + files[n]). */

export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string | undefined;
  data: Buffer;
}

export interface MultipartBody {
  fields: Record<string, string>;
  files: MultipartFile[];
}

export function boundaryOf(contentType: string): string | undefined {
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2]?.trim();
}

export function parseMultipart(body: Buffer, boundary: string): MultipartBody {
  const result: MultipartBody = { fields: {}, files: [] };
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  // Bounded by the number of delimiters in the body.
  for (let guard = 0; start !== -1 && guard < 1000; guard++) {
    const partStart = start + delimiter.length;
    // "--" right after the delimiter marks the end.
    if (body.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, partStart);
    if (next === -1) break;
    // Part is between CRLF after the delimiter and the CRLF before the next delimiter.
    const part = body.subarray(partStart + 2, next - 2);
    const headerEnd = part.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headerText = part.subarray(0, headerEnd).toString('utf8');
      const content = part.subarray(headerEnd + 4);
      const disposition = /content-disposition:([^\r\n]*)/i.exec(headerText)?.[1] ?? '';
      const name = /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '';
      const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
      const contentType = /content-type:\s*([^\r\n]*)/i.exec(headerText)?.[1]?.trim();
      if (filename === undefined) {
        result.fields[name] = content.toString('utf8');
      } else {
        result.files.push({ field: name, filename, contentType, data: Buffer.from(content) });
      }
    }
    start = next;
  }
  return result;
}
