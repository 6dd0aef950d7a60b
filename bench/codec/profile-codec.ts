/**
 * Profiles one codec operation over the benchmark corpus, on the same build the benchmark times:
 *   npx tsc -b packages/protocol
 *   npx vite-node --options.deps.external=/packages/protocol/dist/ bench/codec/profile-codec.ts \
 *     <operation> [seconds] [out.cpuprofile]
 *   npx vite-node bench/codec/cpuprofile-summary.ts out.cpuprofile
 * Operations: wbxmlDecode, wbxmlEncode, xmlDecode, xmlEncode, syncmlDecodeWbxml, syncmlDecodeXml,
 * syncmlEncodeWbxml, syncmlEncodeXml. The profile is taken with the inspector (it records ticks
 * per source line, which `node --cpu-prof` leaves out); open it in Chrome DevTools for the tree.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { benchMessages } from "./bench-corpus.js";
import { loadProtocol } from "./load-protocol.js";

const [op = "wbxmlDecode", secondsArg = "5", out = "codec.cpuprofile"] = process.argv.slice(2);
const { protocol: p, build } = await loadProtocol();
const messages = benchMessages();
const trees = messages.map((m) => p.decodeXml(m.xml));
const models = messages.map((m) => p.decodeSyncML(m.xml));
const ops: Readonly<Record<string, () => number>> = {
  wbxmlDecode: () => messages.reduce((n, m) => n + p.decodeWbxml(m.wbxml).children.length, 0),
  wbxmlEncode: () => trees.reduce((n, t) => n + p.encodeWbxml(t).length, 0),
  xmlDecode: () => messages.reduce((n, m) => n + p.decodeXml(m.xml).children.length, 0),
  xmlEncode: () => trees.reduce((n, t) => n + p.encodeXml(t).length, 0),
  syncmlDecodeWbxml: () => messages.reduce((n, m) => n + p.decodeSyncML(m.wbxml).body.length, 0),
  syncmlDecodeXml: () => messages.reduce((n, m) => n + p.decodeSyncML(m.xml).body.length, 0),
  syncmlEncodeWbxml: () => models.reduce((n, m) => n + p.encodeSyncML(m, { encoding: "wbxml" }).length, 0),
  syncmlEncodeXml: () => models.reduce((n, m) => n + p.encodeSyncML(m, { encoding: "xml" }).length, 0),
};
const run = ops[op];
if (run === undefined) {
  console.error(`unknown operation ${op}; one of ${Object.keys(ops).join(", ")}`);
  process.exit(2);
}

const session = new Session();
session.connect();
const post = <T>(method: string, params?: object) =>
  new Promise<T>((resolve, reject) =>
    session.post(method, params, (err, result) => (err === null ? resolve(result as T) : reject(err))),
  );

// Warm up first so the profile shows optimised code, as the benchmark times it.
const warm = performance.now() + 500;
while (performance.now() < warm) run();
await post("Profiler.enable");
await post("Profiler.setSamplingInterval", { interval: 100 });
await post("Profiler.start");
const end = performance.now() + Number(secondsArg) * 1000;
let passes = 0;
let sink = 0;
while (performance.now() < end) {
  sink += run();
  passes++;
}
const { profile } = await post<{ profile: unknown }>("Profiler.stop");
writeFileSync(out, JSON.stringify(profile));
console.log(`${op} on ${build}: ${passes} passes (${sink}); profile written to ${out}`);
