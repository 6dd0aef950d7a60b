/**
 * One SMS as Kannel's fake SMSC protocol carries it: a text line `<sender> <receiver> <type> ...`
 * (/work/shared/kannel.md; Kannel gw/smsc/smsc_fake.c). Types: `text <raw text>`,
 * `data <urlencoded user data>`, and `udh <urlencoded UDH> <urlencoded user data>`; the form
 * `udh <UDH> data <user data>` is accepted too. URL encoding: `+` is a space, `%XX` a byte,
 * anything else the character's own byte.
 */
export interface FakeSmscLine {
  readonly sender: string;
  readonly receiver: string;
  /** The user data header including its length octet (UDHL), when the SMS has one. */
  readonly udh?: Uint8Array;
  /** The user data after the header. */
  readonly data: Uint8Array;
}

/** Parses one line (without its line end); undefined for anything that is not a valid SMS line. */
export function parseFakeSmscLine(line: string): FakeSmscLine | undefined {
  const tokens = line.split(" ");
  const [sender, receiver, type] = tokens;
  if (sender === undefined || receiver === undefined || type === undefined) return undefined;
  if (sender === "" || receiver === "") return undefined;
  switch (type) {
    case "text": {
      // The rest of the line, spaces included, is the message text.
      const text = tokens.slice(3).join(" ");
      return { sender, receiver, data: latin1Bytes(text) };
    }
    case "data": {
      if (tokens.length !== 4) return undefined;
      const data = urlDecodeBytes(tokens[3] ?? "");
      return data === undefined ? undefined : { sender, receiver, data };
    }
    case "udh": {
      // Kannel writes `udh UDH DATA`; the documented form puts the word `data` between them.
      const dataToken =
        tokens.length === 5 ? tokens[4] : tokens.length === 6 && tokens[4] === "data" ? tokens[5] : undefined;
      if (dataToken === undefined) return undefined;
      const udh = urlDecodeBytes(tokens[3] ?? "");
      const data = urlDecodeBytes(dataToken);
      if (udh === undefined || data === undefined || udh.length === 0) return undefined;
      return { sender, receiver, udh, data };
    }
    default:
      return undefined;
  }
}

/** URL-decodes to bytes (`+` = 0x20, `%XX` = byte); undefined for a bad escape or a non-byte character. */
export function urlDecodeBytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x2b) {
      out[n++] = 0x20;
    } else if (c === 0x25) {
      const hi = hexValue(text.charCodeAt(i + 1));
      const lo = hexValue(text.charCodeAt(i + 2));
      if (hi < 0 || lo < 0) return undefined;
      out[n++] = (hi << 4) | lo;
      i += 2;
    } else if (c > 0xff) {
      return undefined;
    } else {
      out[n++] = c;
    }
  }
  return out.slice(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}
