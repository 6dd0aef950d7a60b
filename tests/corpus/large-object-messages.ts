/**
 * Large-object transfer in both directions [TR-PRO §2.2]: the first chunk carries Meta Size and
 * MoreData, middle chunks MoreData only, the last chunk neither; each non-final chunk is
 * answered 213 plus Alert 1222, and no message of the transfer carries Final until the last.
 */
import type { CorpusMessage } from "./corpus-message.js";
import type { Item, Meta } from "@omadm/protocol";
import {
  clientHeader,
  commandStatus,
  device,
  headerStatus,
  server,
  serverHeader,
} from "./corpus-builders.js";

/** A deterministic 3000-byte object, base64: 4000 characters split 1600 / 1600 / 800. */
function payloadB64(seed: number): string {
  const bytes = Buffer.alloc(3000);
  let x = seed;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes.toString("base64");
}

const firmware = payloadB64(7);
const logs = payloadB64(11);
const binMeta: Meta = { format: "b64", type: "application/octet-stream" };

/** [TR-PRO §2.2] Meta Size (the encoded length) only in the first chunk. */
function chunk(where: "target" | "source", uri: string, b64: string, part: 0 | 1 | 2): Item {
  const bounds = [0, 1600, 3200, 4000] as const;
  const data = b64.slice(bounds[part], bounds[part + 1]);
  const meta: Meta = part === 0 ? { ...binMeta, size: b64.length } : binMeta;
  const loc = { locUri: uri };
  const base: Item = where === "target" ? { target: loc, meta, data } : { source: loc, meta, data };
  return part === 2 ? base : { ...base, moreData: true };
}

const blobUri = "./Ext/Example/Config/Blob";
const logUri = "./Ext/Diag/Logs/Current";

export const largeObjectMessages: readonly CorpusMessage[] = [
  {
    name: "lo-s2c-first-chunk",
    covers:
      "Server-to-client large object, first chunk: Replace Item with Meta Size (4000) and MoreData, no Final",
    message: {
      header: serverHeader("10", 2),
      body: [
        headerStatus(1, 1, 200, server, device),
        { kind: "Replace", cmdId: 2, items: [chunk("target", blobUri, firmware, 0)] },
      ],
      final: false,
    },
  },
  {
    name: "lo-c2s-status-213-alert-1222",
    covers:
      "The client buffers a chunk: Status 213 (chunk accepted) and Alert 1222 asking for the next message",
    message: {
      header: clientHeader("10", 3),
      body: [
        headerStatus(1, 2, 200, device, server),
        commandStatus(2, 2, 2, "Replace", 213, [blobUri]),
        { kind: "Alert", cmdId: 3, data: 1222, items: [] },
      ],
      final: true,
    },
  },
  {
    name: "lo-s2c-middle-chunk",
    covers: "Server-to-client large object, middle chunk: Meta repeated without Size, MoreData, no Final",
    message: {
      header: serverHeader("10", 3),
      body: [
        headerStatus(1, 3, 200, server, device),
        { kind: "Replace", cmdId: 2, items: [chunk("target", blobUri, firmware, 1)] },
      ],
      final: false,
    },
  },
  {
    name: "lo-s2c-last-chunk",
    covers: "Server-to-client large object, last chunk: no MoreData, Final",
    message: {
      header: serverHeader("10", 4),
      body: [
        headerStatus(1, 4, 200, server, device),
        { kind: "Replace", cmdId: 2, items: [chunk("target", blobUri, firmware, 2)] },
      ],
      final: true,
    },
  },
  {
    name: "lo-c2s-results-first-chunk",
    covers: "Client-to-server large object, first chunk: Results Item with Meta Size and MoreData, no Final",
    message: {
      header: clientHeader("11", 2),
      body: [
        headerStatus(1, 1, 200, device, server),
        commandStatus(2, 1, 4, "Get", 200, [logUri]),
        { kind: "Results", cmdId: 3, msgRef: 1, cmdRef: 4, items: [chunk("source", logUri, logs, 0)] },
      ],
      final: false,
    },
  },
  {
    name: "lo-s2c-status-213-alert-1222",
    covers: "The server buffers a Results chunk: Status 213 for the Results and Alert 1222, no Final",
    message: {
      header: serverHeader("11", 2),
      body: [
        headerStatus(1, 2, 200, server, device),
        commandStatus(2, 2, 3, "Results", 213, [], []),
        { kind: "Alert", cmdId: 3, data: 1222, items: [] },
      ],
      final: false,
    },
  },
  {
    name: "lo-c2s-results-middle-chunk",
    covers: "Client-to-server large object, middle chunk: Results Item with MoreData, no Size, no Final",
    message: {
      header: clientHeader("11", 3),
      body: [
        headerStatus(1, 2, 200, device, server),
        { kind: "Results", cmdId: 2, msgRef: 1, cmdRef: 4, items: [chunk("source", logUri, logs, 1)] },
      ],
      final: false,
    },
  },
  {
    name: "lo-c2s-results-last-chunk",
    covers: "Client-to-server large object, last chunk: Results Item without MoreData, Final",
    message: {
      header: clientHeader("11", 4),
      body: [
        headerStatus(1, 3, 200, device, server),
        { kind: "Results", cmdId: 2, msgRef: 1, cmdRef: 4, items: [chunk("source", logUri, logs, 2)] },
      ],
      final: true,
    },
  },
];
