/**
 * A streaming reader for the wink-embeddings JSON shape:
 * `{"precision":8,"l2NormIndex":100,"wordIndex":101,"size":341479,"dimensions":100,
 *   "words":[...],"vectors":{"the":[...100 floats, l2norm, wordIndex], ...},"unkVector":[...]}`.
 *
 * Why a hand-written scanner instead of JSON.parse: the file is 307 MB; parsing it whole needs the
 * text as one string plus 341,479 arrays of 102 boxed doubles (several GB of heap, past Node's
 * default limit), and a general streaming JSON library builds an object per value. This one reads
 * chunks of bytes, keeps only the current token and the current row, and hands each row to a
 * callback, so memory stays bounded whatever the file's size. It is a strict JSON reader for the
 * parts it uses (the header numbers and the vectors object) and skips any other member unparsed.
 */

export interface EmbeddingsHeader {
  dimensions: number;
  /** Position of the row's original L2 norm after the values, or -1. */
  l2NormIndex: number;
  /** Position of the row's frequency rank after the values, or -1. */
  wordIndex: number;
  /** Number of words the header announces, or -1. */
  size: number;
}

export type RowHandler = (
  word: string,
  values: Float64Array,
  rank: number,
  header: EmbeddingsHeader,
) => void;

// lexer states
const L_NONE = 0;
const L_STRING = 1;
const L_ESCAPE = 2;
const L_NUMBER = 3;
const L_LITERAL = 4;

// parser states
const P_START = 0;
const P_KEY = 1; // a top-level key or '}'
const P_COLON = 2;
const P_VALUE = 3;
const P_AFTER_VALUE = 4; // ',' or '}'
const P_DONE = 5;
const P_SKIP = 6; // inside a nested value being skipped
const P_WORD = 7; // a word in "vectors" or '}'
const P_WORD_COLON = 8;
const P_ROW_OPEN = 9;
const P_ROW_NUMBER = 10; // a number or ']'
const P_ROW_AFTER_NUMBER = 11; // ',' or ']'
const P_AFTER_ROW = 12; // ',' or '}'
const P_FIRST_KEY = 13; // a top-level key or '}' right after '{'
const P_FIRST_WORD = 14;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const decoder = new TextDecoder('utf-8');
const HEADER_KEYS = new Set(['dimensions', 'l2NormIndex', 'wordIndex', 'size', 'precision']);

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A JSON number from its ASCII bytes, NaN when malformed. Clinger's fast path (at most 15
 * significant digits and a power of ten up to 22: one correctly rounded operation) covers every
 * number in the package; anything else goes through Number().
 */
export function parseJsonNumber(buf: Uint8Array, len: number): number {
  let i = 0;
  const negative = buf[0] === 0x2d;
  if (negative) i = 1;
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  const intStart = i;
  while (i < len && isDigit(buf[i] ?? 0)) {
    mantissa = mantissa * 10 + ((buf[i] ?? 0) - 0x30);
    digits++;
    i++;
  }
  if (i === intStart) return Number.NaN;
  if (buf[intStart] === 0x30 && i - intStart > 1) return Number.NaN;
  if (i < len && buf[i] === 0x2e) {
    i++;
    const fracStart = i;
    while (i < len && isDigit(buf[i] ?? 0)) {
      mantissa = mantissa * 10 + ((buf[i] ?? 0) - 0x30);
      digits++;
      scale--;
      i++;
    }
    if (i === fracStart) return Number.NaN;
  }
  if (i < len && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (buf[i] === 0x2b || buf[i] === 0x2d) {
      expNegative = buf[i] === 0x2d;
      i++;
    }
    const expStart = i;
    let exp = 0;
    while (i < len && isDigit(buf[i] ?? 0)) {
      exp = Math.min(exp * 10 + ((buf[i] ?? 0) - 0x30), 100000);
      i++;
    }
    if (i === expStart) return Number.NaN;
    scale += expNegative ? -exp : exp;
  }
  if (i !== len) return Number.NaN;
  let value: number;
  if (digits <= 15 && scale >= -22 && scale <= 22) {
    value = scale < 0 ? mantissa / (POW10[-scale] ?? 1) : mantissa * (POW10[scale] ?? 1);
  } else {
    value = Number(decoder.decode(buf.subarray(negative ? 1 : 0, len)));
  }
  return negative ? -value : value;
}

export class EmbeddingsJsonScanner {
  /** Bytes consumed so far. */
  offset = 0;
  readonly header: EmbeddingsHeader = { dimensions: -1, l2NormIndex: -1, wordIndex: -1, size: -1 };
  rows = 0;

  private lex = L_NONE;
  private state = P_START;
  private skipDepth = 0;
  private key = '';
  private word = '';
  private capture = false;
  private hadEscape = false;
  private str = new Uint8Array(256);
  private strLen = 0;
  private readonly num = new Uint8Array(64);
  private numLen = 0;
  private literal = '';
  private row = new Float64Array(0);
  private rowLen = 0;
  private rowCap = 0;
  private chunkStart = 0;

  constructor(
    private readonly onRow: RowHandler,
    private readonly fail: (reason: string) => Error,
  ) {}

  push(chunk: Uint8Array): void {
    this.chunkStart = this.offset;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk[i] ?? 0;
      const lex = this.lex;
      if (lex === L_NUMBER) {
        // digits first: they are nine bytes in ten of the file
        if (isDigit(c) || c === 0x2e || c === 0x2d || c === 0x2b || c === 0x65 || c === 0x45) {
          if (this.numLen === this.num.length) throw this.error('number too long', i);
          this.num[this.numLen++] = c;
          continue;
        }
        this.lex = L_NONE;
        this.endNumber(i);
      } else if (lex === L_STRING) {
        if (c === 0x22) {
          this.lex = L_NONE;
          this.endString(i);
        } else {
          if (c < 0x20) throw this.error('control character in a string', i);
          if (c === 0x5c) {
            this.lex = L_ESCAPE;
            this.hadEscape = true;
          }
          if (this.capture) this.strByte(c);
        }
        continue;
      } else if (lex === L_ESCAPE) {
        this.lex = L_STRING;
        if (this.capture) this.strByte(c);
        continue;
      } else if (lex === L_LITERAL) {
        if (c >= 0x61 && c <= 0x7a) {
          this.literal += String.fromCharCode(c);
          if (this.literal.length > 5) throw this.error('bad literal', i);
          continue;
        }
        this.lex = L_NONE;
        this.endLiteral(i);
      }
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue;
      if (c === 0x22) {
        this.lex = L_STRING;
        this.strLen = 0;
        this.hadEscape = false;
        this.capture = this.state === P_KEY || this.state === P_FIRST_KEY || this.isWordState();
        continue;
      }
      if (c === 0x2d || isDigit(c)) {
        this.lex = L_NUMBER;
        this.num[0] = c;
        this.numLen = 1;
        continue;
      }
      if (c === 0x74 || c === 0x66 || c === 0x6e) {
        // t, f, n: true, false, null
        this.lex = L_LITERAL;
        this.literal = String.fromCharCode(c);
        continue;
      }
      this.punct(c, i);
    }
    this.offset += n;
  }

  /** Call after the last chunk: fails unless the document was complete. */
  end(): void {
    this.chunkStart = this.offset;
    if (this.lex === L_NUMBER) {
      this.lex = L_NONE;
      this.endNumber(0);
    } else if (this.lex === L_LITERAL) {
      this.lex = L_NONE;
      this.endLiteral(0);
    }
    if (this.lex !== L_NONE || this.state !== P_DONE) {
      throw this.fail(`unexpected end of input at byte ${this.offset}`);
    }
  }

  private isWordState(): boolean {
    return this.state === P_WORD || this.state === P_FIRST_WORD;
  }

  private error(reason: string, i: number): Error {
    return this.fail(`${reason} at byte ${this.chunkStart + i}`);
  }

  private strByte(c: number): void {
    if (this.strLen === this.str.length) {
      const bigger = new Uint8Array(this.str.length * 2);
      bigger.set(this.str);
      this.str = bigger;
    }
    this.str[this.strLen++] = c;
  }

  private endString(i: number): void {
    let value = '';
    if (this.capture) {
      const raw = decoder.decode(this.str.subarray(0, this.strLen));
      if (this.hadEscape) {
        try {
          value = JSON.parse(`"${raw}"`) as string;
        } catch {
          throw this.error('bad escape in a string', i);
        }
      } else value = raw;
    }
    switch (this.state) {
      case P_KEY:
      case P_FIRST_KEY:
        this.key = value;
        this.state = P_COLON;
        return;
      case P_WORD:
      case P_FIRST_WORD:
        this.word = value;
        this.state = P_WORD_COLON;
        return;
      case P_VALUE:
        this.state = P_AFTER_VALUE;
        return;
      case P_SKIP:
        return;
      default:
        throw this.error('unexpected string', i);
    }
  }

  private endNumber(i: number): void {
    const value = parseJsonNumber(this.num, this.numLen);
    if (Number.isNaN(value)) throw this.error('bad number', i);
    switch (this.state) {
      case P_ROW_NUMBER:
        if (this.rowLen === this.rowCap) {
          throw this.error(`the row of ${JSON.stringify(this.word)} is too long`, i);
        }
        this.row[this.rowLen++] = value;
        this.state = P_ROW_AFTER_NUMBER;
        return;
      case P_VALUE:
        if (HEADER_KEYS.has(this.key) && this.key !== 'precision') {
          if (!Number.isInteger(value) || value < 0) {
            throw this.error(`"${this.key}" must be a non-negative integer`, i);
          }
          this.header[this.key as keyof EmbeddingsHeader] = value;
        }
        this.state = P_AFTER_VALUE;
        return;
      case P_SKIP:
        return;
      default:
        throw this.error('unexpected number', i);
    }
  }

  private endLiteral(i: number): void {
    if (this.literal !== 'true' && this.literal !== 'false' && this.literal !== 'null') {
      throw this.error('bad literal', i);
    }
    if (this.state === P_VALUE) this.state = P_AFTER_VALUE;
    else if (this.state !== P_SKIP) throw this.error('unexpected literal', i);
  }

  private punct(c: number, i: number): void {
    switch (this.state) {
      case P_START:
        if (c !== 0x7b) break;
        this.state = P_FIRST_KEY;
        return;
      case P_FIRST_KEY:
        if (c !== 0x7d) break;
        this.state = P_DONE;
        return;
      case P_COLON:
        if (c !== 0x3a) break;
        this.state = P_VALUE;
        return;
      case P_VALUE:
        if (c === 0x7b && this.key === 'vectors') {
          this.startVectors(i);
          this.state = P_FIRST_WORD;
          return;
        }
        if (c !== 0x7b && c !== 0x5b) break;
        this.state = P_SKIP;
        this.skipDepth = 1;
        return;
      case P_AFTER_VALUE:
        if (c === 0x2c) this.state = P_KEY;
        else if (c === 0x7d) this.state = P_DONE;
        else break;
        return;
      case P_SKIP:
        // a skipped value is checked only for nesting; its members are not parsed
        if (c === 0x7b || c === 0x5b) this.skipDepth++;
        else if (c === 0x7d || c === 0x5d) {
          if (--this.skipDepth === 0) this.state = P_AFTER_VALUE;
        } else if (c !== 0x2c && c !== 0x3a) break;
        return;
      case P_FIRST_WORD:
        if (c !== 0x7d) break;
        this.state = P_AFTER_VALUE;
        return;
      case P_WORD_COLON:
        if (c !== 0x3a) break;
        this.state = P_ROW_OPEN;
        return;
      case P_ROW_OPEN:
        if (c !== 0x5b) break;
        this.rowLen = 0;
        this.state = P_ROW_NUMBER;
        return;
      case P_ROW_NUMBER:
        if (c !== 0x5d || this.rowLen !== 0) break;
        this.endRow(i);
        return;
      case P_ROW_AFTER_NUMBER:
        if (c === 0x2c) this.state = P_ROW_NUMBER;
        else if (c === 0x5d) this.endRow(i);
        else break;
        return;
      case P_AFTER_ROW:
        if (c === 0x2c) this.state = P_WORD;
        else if (c === 0x7d) this.state = P_AFTER_VALUE;
        else break;
        return;
    }
    throw this.error(`unexpected ${JSON.stringify(String.fromCharCode(c))}`, i);
  }

  private startVectors(i: number): void {
    const { dimensions, l2NormIndex, wordIndex } = this.header;
    if (dimensions <= 0) throw this.error('"dimensions" must come before "vectors"', i);
    this.rowCap = Math.max(dimensions, l2NormIndex + 1, wordIndex + 1);
    this.row = new Float64Array(this.rowCap);
  }

  private endRow(i: number): void {
    const { dimensions, wordIndex } = this.header;
    if (this.rowLen < dimensions) {
      throw this.error(
        `the row of ${JSON.stringify(this.word)} has ${this.rowLen} numbers, expected ${dimensions}`,
        i,
      );
    }
    const rank =
      wordIndex >= dimensions && wordIndex < this.rowLen ? this.row[wordIndex] : undefined;
    this.onRow(this.word, this.row, rank ?? this.rows, this.header);
    this.rows++;
    this.state = P_AFTER_ROW;
  }
}
