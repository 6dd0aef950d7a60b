import { randomBytes } from "node:crypto";
import { chmod, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { encodeWspPush, type WspContentType } from "@omadm/protocol";
// The server and the stores load only when a bootstrap is written offline (see writeBootstrap):
// the other commands, and the device side, must not pull in pino or the SQLite WebAssembly module.
import type { BootstrapRequest, BootstrapSecurityMethod, Store } from "@omadm/server";
import { UsageError, oneDeviceId } from "../usage-error.js";
import { ApiError, apiClientOf, apiFlags, apiFlagsUsage, runApi, segment } from "./api-client.js";

export const bootstrapUsage = `omadm bootstrap ID --profile dm|cp [--security netwpin|userpin|usernetwpin]
    [--imsi IMSI] [--pin PIN] [--client-secret S] [--server-secret S]
    (-o FILE [--format doc|pdu] [--database URL] [--server-id ID] [--server-url URL] | --push [--msisdn +N])
  Builds the device's bootstrap: a DM-profile message (--profile dm) or a CP w7 document (cp),
  WBXML, provisioning this server's account (ServerID, address, the device's credentials and
  ours). The device record keeps only digest inputs, so a bootstrap sets the secrets: the ones
  given, or new random ones; the record's hashes and nonces change once the document is out.
  --security           the MAC's key: netwpin (--imsi), userpin (--pin), usernetwpin (both);
                       required for --push, optional for a file (a smartcard needs no MAC)
  -o FILE              writes FILE (mode 0600: it holds secrets), built by the running server
                       (--api); with no server answering, or with --database, it works on the
                       data directory/database directly; --format pdu writes the WSP push PDU
                       with SEC and MAC instead of the bare document
  --server-id, --server-url  what the account names (default omadm, http://localhost:8080/dm)
  --push               asks a running server to push it through its WAP Push channel
${apiFlagsUsage}`;

const options = {
  ...apiFlags,
  profile: { type: "string" },
  security: { type: "string" },
  imsi: { type: "string" },
  pin: { type: "string" },
  "client-secret": { type: "string" },
  "server-secret": { type: "string" },
  output: { type: "string", short: "o" },
  format: { type: "string" },
  database: { type: "string" },
  "server-id": { type: "string" },
  "server-url": { type: "string" },
  push: { type: "boolean" },
  msisdn: { type: "string" },
  json: { type: "boolean" },
} as const;

export async function bootstrapCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  const id = oneDeviceId(positionals, "bootstrap");
  const profile = values.profile;
  if (profile !== "dm" && profile !== "cp") throw new UsageError("--profile takes dm or cp");
  if ((values.output === undefined) === (values.push !== true))
    throw new UsageError("give either -o FILE or --push");
  const method = values.security?.toUpperCase();
  const { bootstrapSecurityMethods } = await import("@omadm/server");
  if (method !== undefined && !(bootstrapSecurityMethods as readonly string[]).includes(method)) {
    throw new UsageError("--security takes netwpin, userpin or usernetwpin");
  }
  const security =
    method === undefined
      ? undefined
      : {
          method: method as BootstrapSecurityMethod,
          ...(values.imsi === undefined ? {} : { imsi: values.imsi }),
          ...(values.pin === undefined ? {} : { pin: values.pin }),
        };
  if (security !== undefined && security.method !== "USERPIN" && security.imsi === undefined) {
    throw new UsageError(`--security ${values.security} needs --imsi`);
  }
  if (security !== undefined && security.method !== "NETWPIN" && security.pin === undefined) {
    throw new UsageError(`--security ${values.security} needs --pin`);
  }
  const request: BootstrapRequest = {
    profile,
    ...(security === undefined ? {} : { security }),
    ...(values["client-secret"] === undefined ? {} : { clientSecret: values["client-secret"] }),
    ...(values["server-secret"] === undefined ? {} : { serverSecret: values["server-secret"] }),
  };
  if (values.push === true) {
    if (security === undefined)
      throw new UsageError("--push needs --security (a pushed bootstrap carries a MAC)");
    return pushBootstrap(id, request, values);
  }
  const format = values.format ?? "doc";
  if (format !== "doc" && format !== "pdu") throw new UsageError("--format takes doc or pdu");
  if (format === "pdu" && security === undefined) throw new UsageError("--format pdu needs --security");
  return writeBootstrap(id, request, { ...values, output: values.output ?? "", format });
}

async function pushBootstrap(
  id: string,
  request: BootstrapRequest,
  values: { api?: string; token?: string; "data-dir"?: string; msisdn?: string; json?: boolean },
): Promise<number> {
  const api = apiClientOf(values);
  const body = { ...request, ...(values.msisdn === undefined ? {} : { msisdn: values.msisdn }) };
  return runApi(async () => {
    const r = await api.request<{ outcome?: string; sec?: string; mac?: string; detail?: string }>(
      "POST",
      `/api/devices/${segment(id)}/bootstrap`,
      body,
    );
    if (values.json === true) process.stdout.write(JSON.stringify(r, null, 2) + "\n");
    else {
      process.stdout.write(
        `bootstrap ${r.outcome ?? "?"}${r.sec === undefined ? "" : ` (SEC=${r.sec} MAC=${r.mac ?? ""})`}` +
          `${r.detail === undefined ? "" : `: ${r.detail}`}\n`,
      );
    }
    return r.outcome === "sent" ? 0 : 1;
  });
}

/** What a file bootstrap produced, from the running server or from the data directory. */
interface BuiltBootstrap {
  readonly profile: "dm" | "cp";
  readonly document: Uint8Array;
  readonly contentType: WspContentType;
  readonly applicationId?: number;
  readonly sec?: string;
  readonly mac?: string;
  readonly generated: { readonly clientSecret: boolean; readonly serverSecret: boolean };
}

type FileValues = {
  output: string;
  format: "doc" | "pdu";
  database?: string;
  "data-dir"?: string;
  "server-id"?: string;
  "server-url"?: string;
  api?: string;
  token?: string;
  json?: boolean;
};

/**
 * -o FILE: a running server builds it (it knows its ServerID and DM URL, and holds the store);
 * only when none answers (or --database names a store) is the data directory used directly.
 */
async function writeBootstrap(id: string, request: BootstrapRequest, values: FileValues): Promise<number> {
  if (values.database === undefined) {
    const api = apiClientOf(values);
    let answer: (Omit<BuiltBootstrap, "document"> & { document: string }) | undefined;
    try {
      answer = await api.request("POST", `/api/devices/${segment(id)}/bootstrap`, {
        ...request,
        delivery: "file",
      });
    } catch (e) {
      // Nothing listens: work offline. Any answer from a server is that server's word.
      if (!(e instanceof ApiError)) throw e;
      if (e.status !== 0) return runApi(() => Promise.reject(e));
    }
    if (answer !== undefined) {
      return writeBuilt(
        id,
        { ...answer, document: new Uint8Array(Buffer.from(answer.document, "base64")) },
        values,
      );
    }
  }
  const dataDir = resolve(values["data-dir"] ?? "./data");
  const { createBootstrapService } = await import("@omadm/server");
  const store: Store =
    values.database !== undefined && /^postgres(ql)?:\/\//.test(values.database)
      ? await (await import("@omadm/store-postgres")).openPostgresStore({ url: values.database })
      : await (
          await import("@omadm/store-sqlite")
        ).openSqliteStore({ path: values.database ?? join(dataDir, "omadm.db") });
  try {
    const service = createBootstrapService({
      store,
      clock: Date.now,
      random: (n: number) => new Uint8Array(randomBytes(n)),
      server: {
        serverId: values["server-id"] ?? "omadm",
        serverUrl: values["server-url"] ?? "http://localhost:8080/dm",
      },
    });
    const pkg = await service.prepare(id, request);
    const code = await writeBuilt(id, pkg, values);
    await service.commit(pkg, "file");
    return code;
  } finally {
    await store.close();
  }
}

async function writeBuilt(id: string, built: BuiltBootstrap, values: FileValues): Promise<number> {
  const bytes =
    values.format === "pdu"
      ? encodeWspPush({
          transactionId: randomBytes(1)[0] ?? 0,
          contentType: built.contentType,
          ...(built.applicationId === undefined ? {} : { applicationId: built.applicationId }),
          body: built.document,
        })
      : built.document;
  // The document carries the device's secrets in clear: only the owner may read it.
  await writeFile(values.output, bytes, { mode: 0o600 });
  await chmod(values.output, 0o600);
  const summary = {
    deviceId: id,
    profile: built.profile,
    file: values.output,
    bytes: bytes.length,
    format: values.format,
    ...(built.sec === undefined ? {} : { sec: built.sec, mac: built.mac }),
    generated: built.generated,
  };
  if (values.json === true) process.stdout.write(JSON.stringify(summary, null, 2) + "\n");
  else {
    const generated = [
      ...(built.generated.clientSecret ? ["client"] : []),
      ...(built.generated.serverSecret ? ["server"] : []),
    ];
    process.stdout.write(
      `wrote ${bytes.length} bytes (${built.profile === "dm" ? "DM-profile message" : "CP w7 document"}` +
        `${values.format === "pdu" ? " in a WSP push PDU" : ""}) to ${values.output}\n` +
        (built.sec === undefined ? "" : `SEC=${built.sec} MAC=${built.mac ?? ""}\n`) +
        (generated.length === 0 ? "" : `new ${generated.join(" and ")} secret generated (inside the file)\n`),
    );
  }
  return 0;
}
