import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { DecodeError } from "../errors.js";
import { encodeUserDataHeader, parseUserData } from "./sms-user-data.js";
import { segmentForSms } from "./sms-segment.js";
import { addSmsPart, emptySmsReassembly, type SmsReassembly } from "./sms-reassembly.js";

const hex = (s: string) => new Uint8Array(Buffer.from(s.replace(/\s+/g, ""), "hex"));
const toHex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const pdu = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7) & 0xff);

function smsError(bytes: Uint8Array): DecodeError {
  try {
    parseUserData(bytes);
  } catch (e) {
    if (e instanceof DecodeError) return e;
    throw e;
  }
  throw new Error("parsed");
}

describe("user data header", () => {
  it("parses Kannel's single-SMS header: ports 2948 <- 9200", () => {
    const { header, payload } = parseUserData(hex("06 05 04 0b 84 23 f0 aa bb"));
    expect(header).toEqual({ ports: { destination: 2948, source: 9200, bits: 16 } });
    expect(payload).toEqual(hex("aabb"));
  });

  it("parses Kannel's concatenated header: 8-bit reference, total, sequence", () => {
    const { header } = parseUserData(hex("0b 05 04 0b 84 23 f0 00 03 2a 03 02 ff"));
    expect(header.concat).toEqual({ ref: 0x2a, total: 3, seq: 2, refBits: 8 });
  });

  it("parses 8-bit ports, 16-bit references and keeps unknown IEs", () => {
    const { header } = parseUserData(hex("0d 04 02 fe 01 24 01 07 08 04 12 34 02 01"));
    expect(header).toEqual({
      ports: { destination: 0xfe, source: 0x01, bits: 8 },
      concat: { ref: 0x1234, total: 2, seq: 1, refBits: 16 },
      others: [{ iei: 0x24, data: hex("07") }],
    });
  });

  it("encodes headers as Kannel does", () => {
    const ports = { destination: 2948, source: 9200, bits: 16 } as const;
    expect(toHex(encodeUserDataHeader({ ports }))).toBe("0605040b8423f0");
    expect(toHex(encodeUserDataHeader({ ports, concat: { ref: 7, total: 2, seq: 1, refBits: 8 } }))).toBe(
      "0b05040b8423f0000307" + "0201",
    );
  });

  it.each([
    ["empty user data", "", 0],
    ["a header longer than the data", "07 05 04 0b 84 23 f0", 0],
    ["an IE running past the header", "03 05 04 0b", 1],
    ["a truncated IE", "01 05", 1],
    ["a 16-bit port IE of the wrong length", "04 05 02 0b 84", 1],
    ["sequence 0", "05 00 03 01 02 00", 1],
    ["sequence after the total", "05 00 03 01 02 03", 1],
  ])("refuses %s with SMS_INVALID", (_, bytes, offset) => {
    const e = smsError(hex(bytes));
    expect(e.code).toBe("SMS_INVALID");
    expect(e.offset).toBe(offset);
  });
});

describe("segmenting a push PDU", () => {
  it("sends a PDU that fits in one SMS with the 7-octet header", () => {
    const parts = segmentForSms(pdu(133));
    expect(parts).toHaveLength(1);
    expect(toHex(parts[0]!.subarray(0, 7))).toBe("0605040b8423f0");
    expect(parts[0]!.length).toBe(140);
  });

  it("splits a longer PDU into parts of at most 140 octets with concatenation headers", () => {
    const parts = segmentForSms(pdu(300), { ref: 0x2a });
    expect(parts).toHaveLength(3);
    parts.forEach((p, i) => {
      expect(p.length).toBeLessThanOrEqual(140);
      expect(toHex(p.subarray(0, 12))).toBe(`0b05040b8423f000032a03${(i + 1).toString(16).padStart(2, "0")}`);
    });
    expect(parts.map((p) => p.length)).toEqual([140, 140, 300 - 2 * 128 + 12]);
  });

  it("uses the ports it is given", () => {
    const [part] = segmentForSms(pdu(1), { destPort: 2949, srcPort: 49154 });
    expect(toHex(part!.subarray(0, 7))).toBe("0605040b85c002");
  });
});

describe("reassembly", () => {
  it("returns a single SMS at once", () => {
    const [part] = segmentForSms(pdu(20));
    const r = addSmsPart(emptySmsReassembly, { userData: part! });
    expect(r.message?.payload).toEqual(pdu(20));
    expect(r.message?.ports).toEqual({ destination: 2948, source: 9200, bits: 16 });
    expect(r.state.pending).toEqual([]);
  });

  it("joins parts given in any order and ignores a duplicate", () => {
    const parts = segmentForSms(pdu(400), { ref: 9 });
    let state: SmsReassembly = emptySmsReassembly;
    const order = [parts[3]!, parts[1]!, parts[1]!, parts[0]!];
    for (const userData of order) {
      const r = addSmsPart(state, { userData, sender: "+15551234567" });
      expect(r.message).toBeUndefined();
      state = r.state;
    }
    expect(state.pending).toHaveLength(1);
    expect(state.pending[0]?.received).toBe(3);
    const done = addSmsPart(state, { userData: parts[2]!, sender: "+15551234567" });
    expect(done.message?.payload).toEqual(pdu(400));
    expect(done.message?.sender).toBe("+15551234567");
    expect(done.state.pending).toEqual([]);
  });

  it("keeps messages from different senders apart", () => {
    const parts = segmentForSms(pdu(200), { ref: 1 });
    const a = addSmsPart(emptySmsReassembly, { userData: parts[0]!, sender: "a" });
    const b = addSmsPart(a.state, { userData: parts[1]!, sender: "b" });
    expect(b.message).toBeUndefined();
    expect(b.state.pending).toHaveLength(2);
  });

  it("keeps at most maxPending incomplete messages, dropping the oldest", () => {
    let state: SmsReassembly = emptySmsReassembly;
    for (const ref of [1, 2, 3]) {
      state = addSmsPart(state, { userData: segmentForSms(pdu(200), { ref })[0]! }, { maxPending: 2 }).state;
    }
    expect(state.pending.map((p) => p.key.split("\u0000")[2])).toEqual(["2", "3"]);
  });

  it("does not modify the state it is given", () => {
    const parts = segmentForSms(pdu(200), { ref: 5 });
    const first = addSmsPart(emptySmsReassembly, { userData: parts[0]! }).state;
    const snapshot = JSON.stringify(first);
    addSmsPart(first, { userData: parts[1]! });
    expect(JSON.stringify(first)).toBe(snapshot);
  });
});

describe("SMS properties", () => {
  it("reassembles any segmented PDU from parts in any order", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 1500 }),
        fc.integer({ min: 0, max: 255 }),
        fc.infiniteStream(fc.nat()),
        (bytes, ref, seeds) => {
          const parts = segmentForSms(bytes, { ref });
          const shuffled = [...parts];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = seeds.next().value % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          let state: SmsReassembly = emptySmsReassembly;
          let payload: Uint8Array | undefined;
          for (const userData of shuffled) {
            const r = addSmsPart(state, { userData });
            state = r.state;
            payload = r.message?.payload ?? payload;
          }
          expect(payload).toEqual(bytes);
        },
      ),
    );
  });

  it("gives a header or a DecodeError for any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (bytes) => {
        try {
          parseUserData(bytes);
        } catch (e) {
          if (!(e instanceof DecodeError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
