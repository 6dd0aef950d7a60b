/**
 * fast-check arbitraries for the typed SyncML DM model, reusable by any test that needs random
 * messages (mapping round trips, codec round trips, engines).
 *
 * `spelling` says which encoding the message must survive unchanged:
 * - "element": syncmlToElement -> syncmlFromElement; Item Data may be text, bytes or an element.
 * - "xml": encodeSyncML(xml) -> decodeSyncML; Data is text or an element (bytes would come back as
 *   base64 text with Format b64), and no Type ends "+wbxml" (element Data Types are re-spelled).
 * - "wbxml": encodeSyncML(wbxml) -> decodeSyncML; Data is text, bytes (whose effective Type never
 *   ends "+wbxml") or an element labelled application/vnd.syncml.dmtnds+wbxml in its Item Meta.
 *
 * Text never has leading or trailing whitespace where the decoder trims (identifiers, URIs, Meta
 * values), never is whitespace-only, and never holds CR or control characters (XML cannot carry
 * them as such).
 */
import fc from "fast-check";
import { el } from "@omadm/protocol";
import type {
  Chal,
  Command,
  Cred,
  Data,
  Element,
  Item,
  Location,
  Meta,
  SyncHdr,
  SyncMLMessage,
} from "@omadm/protocol";

export type DataSpelling = "element" | "xml" | "wbxml";

const wordChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom("é", "ß", "中", "😀", "€") },
);

/** A non-empty string without whitespace: identifiers, URIs, tokens. */
export const word = fc.string({ unit: wordChar, minLength: 1, maxLength: 10 });

/** Words joined by single spaces: never starts or ends with whitespace; may be "". */
export const phrase = fc.array(word, { maxLength: 3 }).map((ws) => ws.join(" "));

/** Free text for Item Data: "" or text with at least one non-space, inner whitespace allowed. */
export const dataText = fc.oneof(
  fc.constant(""),
  fc
    .tuple(
      fc.string({ unit: fc.oneof(wordChar, fc.constantFrom(" ", "\n", "\t")), maxLength: 8 }),
      word,
      fc.string({ unit: fc.oneof(wordChar, fc.constantFrom(" ", "\n", "\t")), maxLength: 8 }),
    )
    .map(([a, b, c]) => a + b + c),
);

const u32 = fc.nat();

/** A Meta Type that no spelling rewrites or decodes as an embedded document. */
const plainType = fc.constantFrom(
  "text/plain",
  "application/octet-stream",
  "application/vnd.syncml.dmtnds+xml",
  "org.openmobilealliance.dm.firmwareupdate.update",
  "syncml:auth-md5",
);

export const meta: fc.Arbitrary<Meta> = fc.record(
  {
    format: fc.constantFrom("chr", "int", "bin", "b64", "node", "xml", "bool"),
    type: plainType,
    mark: fc.constantFrom("critical", "informational", "warning"),
    size: u32,
    nextNonce: word,
    version: phrase,
    maxMsgSize: u32,
    maxObjSize: u32,
    emi: fc.array(phrase, { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);

export const location: fc.Arbitrary<Location> = fc.record(
  { locUri: phrase, locName: phrase },
  { requiredKeys: ["locUri"] },
);

export const cred: fc.Arbitrary<Cred> = fc.record({ meta, data: word }, { requiredKeys: ["data"] });

export const chal: fc.Arbitrary<Chal> = fc.record({ meta });

const ddf = "syncml:dmddf1.2";

/** A small TNDS MgmtTree in syncml:dmddf1.2, the element Data DM carries. */
export const mgmtTree: fc.Arbitrary<Element> = fc
  .array(
    fc.tuple(
      word,
      fc.constantFrom("chr", "int", "bool"),
      phrase.filter((s) => s !== ""),
    ),
    {
      minLength: 1,
      maxLength: 3,
    },
  )
  .map((leaves) =>
    el("MgmtTree", ddf, [
      el("VerDTD", ddf, ["1.2"]),
      ...leaves.map(([name, format, value]) =>
        el("Node", ddf, [
          el("NodeName", ddf, [name]),
          el("RTProperties", ddf, [
            el("Format", ddf, [el(format, ddf)]),
            el("Type", ddf, [el("MIME", ddf, ["text/plain"])]),
          ]),
          el("Value", ddf, [value]),
        ]),
      ),
    ]),
  );

const bytes = fc.uint8Array({ minLength: 1, maxLength: 24 });

function data(spelling: DataSpelling): fc.Arbitrary<Data> {
  switch (spelling) {
    case "element":
      return fc.oneof(dataText, bytes, mgmtTree);
    case "xml":
      return fc.oneof({ weight: 3, arbitrary: dataText }, { weight: 1, arbitrary: mgmtTree });
    case "wbxml":
      return fc.oneof(
        { weight: 3, arbitrary: dataText },
        { weight: 1, arbitrary: bytes },
        { weight: 1, arbitrary: mgmtTree },
      );
  }
}

function isElementData(d: Data | undefined): d is Element {
  return d !== undefined && typeof d !== "string" && !(d instanceof Uint8Array);
}

export function item(spelling: DataSpelling): fc.Arbitrary<Item> {
  return fc
    .record(
      {
        target: location,
        source: location,
        sourceParent: phrase,
        targetParent: phrase,
        meta,
        data: data(spelling),
        moreData: fc.constant(true as const),
      },
      { requiredKeys: [] },
    )
    .map((i) =>
      // An embedded WBXML document is only recognised when its Type says "+wbxml".
      spelling === "wbxml" && isElementData(i.data)
        ? { ...i, meta: { ...i.meta, type: "application/vnd.syncml.dmtnds+wbxml" } }
        : i,
    );
}

const items = (spelling: DataSpelling, minLength = 0) =>
  fc.array(item(spelling), { minLength, maxLength: 3 });
const noResp = fc.constant(true as const);

function itemCommand(
  kind: "Add" | "Replace" | "Delete" | "Copy",
  spelling: DataSpelling,
): fc.Arbitrary<Command> {
  return fc
    .record(
      { cmdId: u32, noResp, cred, meta, items: items(spelling, 1) },
      { requiredKeys: ["cmdId", "items"] },
    )
    .map((c) => ({ kind, ...c }));
}

function get(spelling: DataSpelling): fc.Arbitrary<Command> {
  return fc
    .record(
      { cmdId: u32, noResp, lang: word, cred, meta, items: items(spelling, 1) },
      { requiredKeys: ["cmdId", "items"] },
    )
    .map((c) => ({ kind: "Get" as const, ...c }));
}

function alert(spelling: DataSpelling): fc.Arbitrary<Command> {
  return fc
    .record(
      {
        cmdId: u32,
        noResp,
        cred,
        data: fc.oneof(fc.constantFrom(1100, 1101, 1200, 1201, 1222, 1223, 1224, 1226), u32),
        correlator: word,
        items: items(spelling),
      },
      { requiredKeys: ["cmdId", "items"] },
    )
    .map((c) => ({ kind: "Alert" as const, ...c }));
}

function exec(spelling: DataSpelling): fc.Arbitrary<Command> {
  return fc
    .record(
      { cmdId: u32, noResp, cred, meta, correlator: word, item: item(spelling) },
      { requiredKeys: ["cmdId", "item"] },
    )
    .map((c) => ({ kind: "Exec" as const, ...c }));
}

function status(spelling: DataSpelling): fc.Arbitrary<Command> {
  return fc
    .record(
      {
        cmdId: u32,
        msgRef: u32,
        cmdRef: u32,
        cmd: fc.constantFrom("SyncHdr", "Add", "Alert", "Replace", "Get", "Exec", "Atomic"),
        targetRefs: fc.array(phrase, { maxLength: 2 }),
        sourceRefs: fc.array(phrase, { maxLength: 2 }),
        cred,
        chal,
        data: fc.oneof(fc.constantFrom(200, 212, 213, 401, 404, 407, 500), u32),
        items: items(spelling),
      },
      { requiredKeys: ["cmdId", "msgRef", "cmdRef", "cmd", "targetRefs", "sourceRefs", "data", "items"] },
    )
    .map((c) => ({ kind: "Status" as const, ...c }));
}

function results(spelling: DataSpelling): fc.Arbitrary<Command> {
  return fc
    .record(
      {
        cmdId: u32,
        msgRef: u32,
        cmdRef: u32,
        meta,
        targetRef: phrase,
        sourceRef: phrase,
        items: items(spelling, 1),
      },
      { requiredKeys: ["cmdId", "cmdRef", "items"] },
    )
    .map((c) => ({ kind: "Results" as const, ...c }));
}

/** A command DM does not define, as the raw element it decodes to (written in namespace `ns`). */
function unknown(ns: string): fc.Arbitrary<Command> {
  return fc
    .tuple(fc.constantFrom("Sync", "Map", "Put", "Search"), fc.option(u32, { nil: undefined }), phrase)
    .map(([name, cmdId, uri]) => {
      const children: Element[] = [];
      if (cmdId !== undefined) children.push(el("CmdID", ns, [String(cmdId)]));
      children.push(el("Target", ns, [el("LocURI", ns, uri === "" ? [] : [uri])]));
      const element = el(name, ns, children);
      return cmdId === undefined
        ? { kind: "Unknown" as const, name, element }
        : { kind: "Unknown" as const, name, cmdId, element };
    });
}

/** Any command; Atomic and Sequence nest up to `depth` levels. */
export function command(spelling: DataSpelling, ns: string, depth = 2): fc.Arbitrary<Command> {
  const leaves = [
    itemCommand("Add", spelling),
    itemCommand("Replace", spelling),
    itemCommand("Delete", spelling),
    itemCommand("Copy", spelling),
    get(spelling),
    alert(spelling),
    exec(spelling),
    status(spelling),
    results(spelling),
    unknown(ns),
  ];
  if (depth <= 0) return fc.oneof(...leaves);
  const inner = fc.array(command(spelling, ns, depth - 1), { minLength: 1, maxLength: 3 });
  const container = fc
    .tuple(
      fc.constantFrom("Atomic" as const, "Sequence" as const),
      fc.record({ cmdId: u32, noResp, meta, commands: inner }, { requiredKeys: ["cmdId", "commands"] }),
    )
    .map(([kind, c]) => ({ kind, ...c }));
  return fc.oneof({ weight: 10, arbitrary: fc.oneof(...leaves) }, { weight: 1, arbitrary: container });
}

export function header(verDtd: "1.1" | "1.2"): fc.Arbitrary<SyncHdr> {
  return fc.record(
    {
      verDtd: fc.constant(verDtd),
      verProto: fc.constantFrom("DM/1.2", "DM/1.1", "DM/1.3"),
      sessionId: word,
      msgId: u32,
      target: location,
      source: location,
      respUri: word,
      noResp,
      cred,
      meta,
    },
    { requiredKeys: ["verDtd", "verProto", "sessionId", "msgId", "target", "source"] },
  );
}

/** A whole message that survives `spelling` unchanged (see the file comment). */
export function syncmlMessage(spelling: DataSpelling = "element"): fc.Arbitrary<SyncMLMessage> {
  return fc.constantFrom("1.2" as const, "1.1" as const).chain((verDtd) => {
    const ns = verDtd === "1.1" ? "SYNCML:SYNCML1.1" : "SYNCML:SYNCML1.2";
    return fc.record({
      header: header(verDtd),
      body: fc.array(command(spelling, ns), { maxLength: 5 }),
      final: fc.boolean(),
    });
  });
}

/**
 * A form of a model that compares by content: element `offset`s (positions in *some* input),
 * properties whose value is undefined and empty `attributes` lists are dropped; byte arrays
 * become plain Uint8Arrays.
 */
export function comparable<T>(value: T): T {
  return strip(value) as T;
}

function strip(v: unknown): unknown {
  if (v instanceof Uint8Array) return new Uint8Array(v);
  if (Array.isArray(v)) return v.map(strip);
  if (v !== null && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || k === "offset") continue;
      if (k === "attributes" && Array.isArray(x) && x.length === 0) continue;
      out[k] = strip(x);
    }
    return out;
  }
  return v;
}

/** The Items of a command that has them (an Exec's one Item included); throws for others. */
export function itemsOf(command: Command | undefined): readonly Item[] {
  if (command === undefined) throw new Error("no command");
  if ("items" in command) return command.items;
  if (command.kind === "Exec") return [command.item];
  throw new Error(`${command.kind} has no Items`);
}
