/**
 * Byte-level mutations of seed inputs: bit flips, interesting bytes, truncation, splices with
 * another seed, length-field corruption (WBXML mb_u_int32, big-endian 16/32-bit, decimal text),
 * repeated and deleted chunks, dictionary tokens of the formats under test, deep nesting.
 */
import type { Prng } from "./prng.js";

/** The largest input a mutation may produce; decoders refuse more than 1 MiB by default. */
const maxOutput = 1 << 18;

const interestingBytes = [0x00, 0x01, 0x02, 0x03, 0x04, 0x3c, 0x3e, 0x40, 0x7f, 0x80, 0x83, 0xc3, 0xff];

const encoder = new TextEncoder();

/** Tokens of XML, WBXML, JSON, HTTP-header and base64 syntax the decoders branch on. */
const dictionary: readonly Uint8Array[] = [
  "<",
  "</",
  "/>",
  ">",
  "&",
  "&amp;",
  "&#x",
  "&#",
  "&#1114112;",
  "&#xD800;",
  ";",
  "<![CDATA[",
  "]]>",
  "<!--",
  "-->",
  '<?xml version="1.0"?>',
  "<?",
  "?>",
  '<!DOCTYPE SyncML [<!ENTITY a "b">]>',
  '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
  'xmlns="',
  'xmlns:a="',
  "a:",
  '="',
  "'",
  '"',
  "\u00ff",
  "\ud7ff",
  "\u{1f680}",
  "{",
  "}",
  "[",
  "]",
  ":",
  ",",
  "null",
  "true",
  "-1",
  "1e999",
  "\\u0000",
  "\\ud800",
  "algorithm=MD5",
  'username="',
  "mac=",
  "==",
  "\r\n",
  "\n",
  "SyncML",
  "SyncBody",
  "MgmtTree",
  "Data",
  "Item",
  "CmdID",
  "MoreData",
]
  .map((s) => encoder.encode(s))
  .concat(
    [
      [0x00, 0x00],
      [0x00, 0x01],
      [0x00, 0x02],
      [0x00, 0xff],
      [0x01],
      [0x02, 0x80, 0x00],
      [0x03, 0x00],
      [0x04, 0x00],
      [0x44, 0x00],
      [0x83, 0x00],
      [0xc3, 0x00],
      [0xc3, 0x8f, 0xff, 0xff, 0xff, 0x7f],
      [0xc3, 0x84, 0x80, 0x80, 0x00],
      [0x43],
      [0x80, 0x00],
      [0xc0],
      [0x6d, 0x6c],
      [0xef, 0xbb, 0xbf],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc0, 0xaf],
    ].map((b) => Uint8Array.from(b)),
  );

/** Large numbers as WBXML mb_u_int32, 16- and 32-bit big-endian, and decimal text. */
function corruptLengthBytes(rng: Prng): Uint8Array {
  const values = [0, 1, 0x7f, 0x80, 0xff, 0x3fff, 0xffff, 0x10000, 1 << 20, 1 << 28, 0x7fffffff, 0xffffffff];
  const v = rng.chance(0.7) ? rng.pick(values) : rng.next();
  switch (rng.int(4)) {
    case 0:
      return mbUint32(v);
    case 1:
      return Uint8Array.of((v >>> 8) & 0xff, v & 0xff);
    case 2:
      return Uint8Array.of(v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    default:
      // A never-ending continuation run: more than the 5 bytes an mb_u_int32 may take.
      return rng.chance(0.5) ? encoder.encode(String(v)) : new Uint8Array(rng.range(5, 12)).fill(0xff);
  }
}

function mbUint32(v: number): Uint8Array {
  const out: number[] = [v & 0x7f];
  let x = Math.floor(v / 128);
  while (x > 0) {
    out.unshift((x & 0x7f) | 0x80);
    x = Math.floor(x / 128);
  }
  return Uint8Array.from(out);
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(Math.min(n, maxOutput));
  let o = 0;
  for (const p of parts) {
    if (o >= out.length) break;
    const take = Math.min(p.length, out.length - o);
    out.set(take === p.length ? p : p.subarray(0, take), o);
    o += take;
  }
  return out;
}

/** One mutation of `input`; `others` are the seeds a splice may take from. */
function mutateOnce(rng: Prng, input: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  const n = input.length;
  const at = rng.int(n + 1);
  switch (rng.int(11)) {
    case 0: {
      // Bit flips.
      const out = input.slice();
      const flips = rng.range(1, 8);
      for (let i = 0; i < flips && n > 0; i++) out[rng.int(n)]! ^= 1 << rng.int(8);
      return out;
    }
    case 1: {
      // Interesting byte values at random places.
      const out = input.slice();
      const k = rng.range(1, 4);
      for (let i = 0; i < k && n > 0; i++) out[rng.int(n)] = rng.pick(interestingBytes);
      return out;
    }
    case 2:
      // Truncation.
      return input.slice(0, at);
    case 3: {
      // Splice: a prefix of this input and a suffix of another.
      const other = rng.pick(others);
      return concat([input.subarray(0, at), other.subarray(rng.int(other.length + 1))]);
    }
    case 4: {
      // Length-field corruption: overwrite (or insert) a number at a random place.
      const len = corruptLengthBytes(rng);
      const replace = rng.chance(0.6) ? Math.min(len.length, n - at) : 0;
      return concat([input.subarray(0, at), len, input.subarray(at + replace)]);
    }
    case 5: {
      // Repeated chunk.
      const len = rng.range(1, Math.max(1, Math.min(64, n - at)));
      const chunk = input.subarray(at, at + len);
      const times = rng.chance(0.9) ? rng.range(2, 16) : rng.range(100, 2000);
      const parts: Uint8Array[] = [input.subarray(0, at)];
      for (let i = 0; i < times; i++) parts.push(chunk);
      parts.push(input.subarray(at));
      return concat(parts);
    }
    case 6: {
      // Deleted chunk.
      const len = rng.range(1, Math.max(1, Math.min(256, n - at)));
      return concat([input.subarray(0, at), input.subarray(at + len)]);
    }
    case 7:
      // A syntax token of one of the formats.
      return concat([input.subarray(0, at), rng.pick(dictionary), input.subarray(at)]);
    case 8: {
      // Deep nesting: an opening tag (XML) or a content tag byte (WBXML) repeated many times.
      const unit = rng.chance(0.5) ? encoder.encode("<a>") : Uint8Array.of(0x40 | rng.range(5, 0x3f));
      // Mostly just past the default maxDepth (64); now and then deep enough to overflow a recursive decoder's stack.
      const times = rng.chance(0.9) ? rng.range(60, 200) : rng.range(1000, 20000);
      const parts: Uint8Array[] = [input.subarray(0, at)];
      for (let i = 0; i < times; i++) parts.push(unit);
      parts.push(input.subarray(at));
      return concat(parts);
    }
    case 9: {
      // Random bytes inserted.
      return concat([input.subarray(0, at), rng.bytes(rng.range(1, 32)), input.subarray(at)]);
    }
    default: {
      // Swap two chunks.
      if (n < 4) return input.slice();
      const a = rng.int(n - 2);
      const len1 = rng.range(1, Math.min(32, n - a - 1));
      const b = rng.range(a + len1, n - 1);
      const len2 = rng.range(1, Math.min(32, n - b));
      return concat([
        input.subarray(0, a),
        input.subarray(b, b + len2),
        input.subarray(a + len1, b),
        input.subarray(a, a + len1),
        input.subarray(b + len2),
      ]);
    }
  }
}

/** 1 to 4 stacked mutations of `input`. */
export function mutate(rng: Prng, input: Uint8Array, others: readonly Uint8Array[]): Uint8Array {
  let out = input;
  const rounds = rng.chance(0.6) ? 1 : rng.range(2, 4);
  for (let i = 0; i < rounds; i++) out = mutateOnce(rng, out, others.length > 0 ? others : [input]);
  return out;
}

/** Random bytes, sometimes starting with a plausible header so the decoder gets past byte 0. */
export function randomBytes(rng: Prng): Uint8Array {
  const body = rng.bytes(rng.smallLength(4096));
  if (!rng.chance(0.5)) return body;
  const prefix = rng.pick(prefixes);
  return concat([prefix, body]);
}

const prefixes: readonly Uint8Array[] = [
  Uint8Array.of(0x02, 0xa4, 0x01, 0x6a, 0x00),
  Uint8Array.of(0x03, 0x00, 0x00, 0x6a, 0x1d),
  Uint8Array.of(0x01, 0x01, 0x6a, 0x00),
  Uint8Array.of(0x02, 0x00, 0x00, 0x6a),
  encoder.encode('<?xml version="1.0" encoding="UTF-8"?>'),
  encoder.encode('<SyncML xmlns="SYNCML:SYNCML1.2">'),
  encoder.encode('<MgmtTree xmlns="syncml:dmddf1.2">'),
  encoder.encode('{"Nodes":['),
  encoder.encode("{"),
  encoder.encode('x-syncml-hmac: algorithm=MD5, username="'),
];
