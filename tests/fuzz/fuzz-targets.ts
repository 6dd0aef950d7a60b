/**
 * The decoders under fuzz, looked up by name in the @omadm/protocol exports so the runner
 * covers whatever exists and lists what does not. Each target says how to call the decoder
 * with bytes, which seed kinds to mutate, and (structured-inputs.ts) how to make a valid input.
 */
import type { Prng } from "./prng.js";
import { inputMakers } from "./structured-inputs.js";

/** Seed families; a target mutates seeds of its kinds (and, now and then, any seed). */
export type SeedKind = "xml" | "wbxml" | "tnds" | "cp" | "json" | "binary" | "text";

export interface FuzzTarget {
  readonly name: string;
  readonly run: (input: Uint8Array) => unknown;
  readonly seedKinds: readonly SeedKind[];
  /** A structure-aware valid input. */
  readonly generate?: (rng: Prng) => Uint8Array;
}

type AnyFn = (...args: unknown[]) => unknown;

const utf8 = new TextDecoder("utf-8");
const latin1 = new TextDecoder("latin1");

/**
 * How each decoder takes its input: raw bytes, text (HTTP header values are Latin-1 on the
 * wire, other text is UTF-8), or a custom call (SMS reassembly gets the input as 1-3 parts).
 */
const specs: readonly {
  /** The export to call. */
  readonly name: string;
  /** The target's name when it calls the export with options (e.g. lenient). */
  readonly label?: string;
  readonly input:
    | "bytes"
    | "utf8"
    | "latin1"
    | ((f: AnyFn, b: Uint8Array, api: Readonly<Record<string, unknown>>) => unknown);
  readonly seedKinds: readonly SeedKind[];
}[] = [
  { name: "decodeXml", input: "bytes", seedKinds: ["xml", "tnds"] },
  {
    name: "decodeXml",
    label: "decodeXml+lenient",
    input: (f, b) => f(b, { lenient: true }),
    seedKinds: ["xml", "tnds"],
  },
  { name: "decodeXmlDocument", input: "bytes", seedKinds: ["xml", "tnds"] },
  { name: "decodeXmlFragment", input: "bytes", seedKinds: ["xml", "text"] },
  { name: "decodeWbxml", input: "bytes", seedKinds: ["wbxml"] },
  { name: "decodeWbxmlDocument", input: "bytes", seedKinds: ["wbxml"] },
  { name: "decodeSyncML", input: "bytes", seedKinds: ["xml", "wbxml"] },
  {
    name: "decodeSyncML",
    label: "decodeSyncML+lenient",
    input: (f, b) => f(b, { lenient: true }),
    seedKinds: ["xml", "wbxml"],
  },
  { name: "decodeTnds", input: "bytes", seedKinds: ["tnds", "wbxml"] },
  { name: "decodeTnds20", input: "bytes", seedKinds: ["json"] },
  { name: "decodeJson", input: "bytes", seedKinds: ["json"] },
  { name: "decodeDm2Commands", input: "bytes", seedKinds: ["text"] },
  { name: "decodeDm2Status", input: "bytes", seedKinds: ["text"] },
  { name: "decodeCp", input: "bytes", seedKinds: ["cp"] },
  { name: "decodePackage0", input: "bytes", seedKinds: ["binary"] },
  { name: "decodeDm2Notification", input: "bytes", seedKinds: ["binary"] },
  { name: "decodeWspPush", input: "bytes", seedKinds: ["binary", "wbxml"] },
  { name: "parseUserData", input: "bytes", seedKinds: ["binary"] },
  {
    name: "addSmsPart",
    input: (f, b, api) => {
      // Up to three parts cut from the input, fed in order to one reassembly state.
      let state = api.emptySmsReassembly;
      const cut1 = b.length >> 1;
      const parts = b.length > 8 && (b[0] ?? 0) & 1 ? [b.subarray(0, cut1), b.subarray(cut1)] : [b];
      for (const userData of parts) state = (f(state, { userData }) as { state: unknown }).state;
      return state;
    },
    seedKinds: ["binary"],
  },
  { name: "parseHmacHeader", input: "latin1", seedKinds: ["text"] },
  { name: "parseBasicCredential", input: "utf8", seedKinds: ["text"] },
  { name: "decodeNonce", input: "utf8", seedKinds: ["text"] },
  { name: "parseClientUri", input: "utf8", seedKinds: ["text"] },
  { name: "showContinuation", input: "utf8", seedKinds: ["text"] },
  { name: "decodeAny", input: "bytes", seedKinds: ["xml", "wbxml", "tnds", "cp", "json", "binary", "text"] },
];

/** Builds the target list from the package exports; `missing` names decoders not exported. */
export function fuzzTargets(api: Readonly<Record<string, unknown>>): {
  targets: FuzzTarget[];
  missing: string[];
} {
  const targets: FuzzTarget[] = [];
  const missing: string[] = [];
  for (const s of specs) {
    const candidate = api[s.name];
    const name = s.label ?? s.name;
    if (typeof candidate !== "function") {
      missing.push(name);
      continue;
    }
    const f = candidate as AnyFn;
    const input = s.input;
    const run =
      input === "bytes"
        ? (b: Uint8Array) => f(b)
        : input === "utf8"
          ? (b: Uint8Array) => f(utf8.decode(b))
          : input === "latin1"
            ? (b: Uint8Array) => f(latin1.decode(b))
            : (b: Uint8Array) => input(f, b, api);
    const generate = inputMakers[s.name];
    targets.push(
      generate === undefined
        ? { name, run, seedKinds: s.seedKinds }
        : { name, run, seedKinds: s.seedKinds, generate },
    );
  }
  return { targets, missing };
}

let selfTestCalls = 0;

/**
 * Two broken decoders for `--self-test`, which checks that the runner reports what it must:
 * one throws a TypeError on every 10th input, one never returns on its 50th input (per worker).
 */
export const selfTestTargets: readonly FuzzTarget[] = [
  {
    name: "selfTestCrash",
    run: (b) => {
      if (++selfTestCalls % 10 === 0) throw new TypeError(`self-test crash on ${b.length} bytes`);
      return b.length;
    },
    seedKinds: ["xml"],
  },
  {
    name: "selfTestHang",
    run: (b) => {
      if (++selfTestCalls % 100 === 51) for (;;);
      return b.length;
    },
    seedKinds: ["wbxml"],
  },
];
