// One growable byte buffer the encoder writes into; strings are encoded straight into it.

/** A growable output buffer: `buf[0, pos)` is written. */
export interface ByteSink {
  buf: Uint8Array;
  pos: number;
}

export function createSink(capacity: number): ByteSink {
  return { buf: new Uint8Array(capacity), pos: 0 };
}

/** Makes room for `n` more bytes (doubling, so appends stay amortised O(1)). */
export function ensure(sink: ByteSink, n: number): void {
  const need = sink.pos + n;
  if (need <= sink.buf.length) return;
  const next = new Uint8Array(Math.max(need, sink.buf.length * 2));
  next.set(sink.buf.subarray(0, sink.pos));
  sink.buf = next;
}

export function writeByte(sink: ByteSink, b: number): void {
  if (sink.pos >= sink.buf.length) ensure(sink, 1);
  sink.buf[sink.pos++] = b;
}

/** Bytes an mb_u_int32 takes [WBXML §5.1]. */
export function mbLength(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Writes an mb_u_int32: 7 bits a byte, most significant first, continuation bit 0x80. */
export function writeMb(sink: ByteSink, n: number): void {
  if (n < 0x80) {
    writeByte(sink, n);
    return;
  }
  const len = mbLength(n);
  ensure(sink, len);
  const buf = sink.buf;
  let pos = sink.pos + len - 1;
  buf[pos] = n & 0x7f;
  n = Math.floor(n / 128);
  while (n > 0) {
    buf[--pos] = 0x80 | (n & 0x7f);
    n = Math.floor(n / 128);
  }
  sink.pos += len;
}

export function writeBytes(sink: ByteSink, bytes: Uint8Array): void {
  ensure(sink, bytes.length);
  sink.buf.set(bytes, sink.pos);
  sink.pos += bytes.length;
}

/** UTF-8 length of a string (lone surrogates count as U+FFFD, as they are written). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && isLowSurrogate(s.charCodeAt(i + 1))) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Writes `s` as UTF-8 followed by NUL. A NUL inside `s` cannot be in a NUL-terminated string, so
 * it is written as `00 02 00 03` (end, ENTITY 0, start a new STR_I) when `nulAsEntity` is set;
 * callers writing the string table pass strings without NUL.
 */
export function writeCString(sink: ByteSink, s: string, nulAsEntity: boolean): void {
  const len = s.length;
  // Short strings: 3 bytes a UTF-16 unit is the most they take. Long ones: measure first.
  ensure(sink, len <= 1024 ? len * 3 + 1 : utf8Length(s) + 1);
  let buf = sink.buf;
  let pos = sink.pos;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c === 0 && nulAsEntity) {
        sink.pos = pos;
        ensure(sink, 4 + (len - i) * 3 + 1);
        buf = sink.buf;
        buf[pos++] = 0x00;
        buf[pos++] = 0x02;
        buf[pos++] = 0x00;
        buf[pos++] = 0x03;
      } else {
        buf[pos++] = c;
      }
    } else if (c < 0x800) {
      buf[pos++] = 0xc0 | (c >> 6);
      buf[pos++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c < 0xe000) {
      const d = s.charCodeAt(i + 1);
      if (c < 0xdc00 && isLowSurrogate(d)) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        buf[pos++] = 0xf0 | (cp >> 18);
        buf[pos++] = 0x80 | ((cp >> 12) & 0x3f);
        buf[pos++] = 0x80 | ((cp >> 6) & 0x3f);
        buf[pos++] = 0x80 | (cp & 0x3f);
        i++;
      } else {
        // A lone surrogate has no UTF-8 form: U+FFFD, as TextEncoder writes it.
        buf[pos++] = 0xef;
        buf[pos++] = 0xbf;
        buf[pos++] = 0xbd;
      }
    } else {
      buf[pos++] = 0xe0 | (c >> 12);
      buf[pos++] = 0x80 | ((c >> 6) & 0x3f);
      buf[pos++] = 0x80 | (c & 0x3f);
    }
  }
  buf[pos++] = 0;
  sink.pos = pos;
}

function isLowSurrogate(d: number): boolean {
  return d >= 0xdc00 && d < 0xe000;
}
