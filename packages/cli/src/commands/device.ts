import { parseArgs } from "node:util";
import { UsageError } from "../usage-error.js";
import { apiClientOf, apiFlags, apiFlagsUsage, runApi, segment } from "./api-client.js";

export const deviceUsage = `omadm device add ID --auth basic|md5|hmac --name N --secret S [--server-secret S2]
    [--server-auth basic|md5|hmac] [--server-id ID] [--msisdn +N] [--notify ppg|http|udp:ADDRESS] [--label L]
omadm device list [--search S] [--json]
omadm device show ID [--json]
omadm device delete ID
  Provisions and inspects devices on a running server through its REST API. For add, --name and
  --secret are the device's credentials (AAuthName, AAuthSecret; the server keeps only
  B64(MD5(name:secret))); --server-secret is what the server proves itself with (scheme
  --server-auth, default --auth; ServerID --server-id, default the server's). --label is a display name.
${apiFlagsUsage}`;

const options = {
  ...apiFlags,
  auth: { type: "string" },
  name: { type: "string" },
  secret: { type: "string" },
  "server-secret": { type: "string" },
  "server-auth": { type: "string" },
  "server-id": { type: "string" },
  msisdn: { type: "string" },
  notify: { type: "string" },
  label: { type: "string" },
  search: { type: "string" },
  json: { type: "boolean" },
} as const;

interface DeviceJson {
  readonly id: string;
  readonly name?: string;
  readonly msisdn?: string;
  readonly notify?: { kind: string; address: string };
  readonly clientAuth: { scheme: string; username: string };
  readonly serverAuth?: { scheme: string; serverId: string };
  readonly authFailures: number;
  readonly lockedUntil?: string;
  readonly devInfo?: Record<string, string>;
  readonly createdAt: string;
  readonly lastSeenAt?: string;
  readonly autoProvisioned: boolean;
  readonly commands?: Record<string, number>;
}

export async function deviceCommand(args: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    options,
    allowPositionals: true,
    strict: true,
  });
  const [action, id, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const api = apiClientOf(values);
  const needId = () => {
    if (id === undefined) throw new UsageError(`device ${action ?? ""} needs a device ID`);
    return id;
  };
  if (action === undefined) throw new UsageError("device needs add, list, show or delete");
  switch (action) {
    case "add": {
      const deviceId = needId();
      const scheme = values.auth;
      if (scheme === undefined || values.name === undefined || values.secret === undefined) {
        throw new UsageError("device add needs --auth, --name and --secret");
      }
      const body = {
        id: deviceId,
        clientAuth: { scheme, username: values.name, secret: values.secret },
        ...(values["server-secret"] === undefined
          ? {}
          : {
              serverAuth: {
                scheme: values["server-auth"] ?? scheme,
                secret: values["server-secret"],
                ...(values["server-id"] === undefined ? {} : { serverId: values["server-id"] }),
              },
            }),
        ...(values.msisdn === undefined ? {} : { msisdn: values.msisdn }),
        ...(values.notify === undefined ? {} : { notify: parseNotify(values.notify) }),
        ...(values.label === undefined ? {} : { name: values.label }),
      };
      return runApi(async () => {
        const device = await api.request<DeviceJson>("POST", "/api/devices", body);
        write(values.json === true ? json(device) : `added ${device.id} (${device.clientAuth.scheme})\n`);
        return 0;
      });
    }
    case "list":
      if (id !== undefined) throw new UsageError(`device list takes no ID`);
      return runApi(async () => {
        const all: DeviceJson[] = [];
        let cursor: string | undefined;
        do {
          const q = new URLSearchParams({ limit: "1000" });
          if (values.search !== undefined) q.set("search", values.search);
          if (cursor !== undefined) q.set("cursor", cursor);
          const page = await api.request<{ items: DeviceJson[]; nextCursor?: string }>(
            "GET",
            `/api/devices?${q.toString()}`,
          );
          all.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor !== undefined);
        write(values.json === true ? json(all) : table(all));
        return 0;
      });
    case "show":
      return runApi(async () => {
        const device = await api.request<DeviceJson>("GET", `/api/devices/${segment(needId())}`);
        write(values.json === true ? json(device) : details(device));
        return 0;
      });
    case "delete":
      return runApi(async () => {
        await api.request("DELETE", `/api/devices/${segment(needId())}`);
        write(`deleted ${needId()}\n`);
        return 0;
      });
    default:
      throw new UsageError(`unknown action "${action}"`);
  }
}

function parseNotify(text: string): { kind: string; address: string } {
  const colon = text.indexOf(":");
  if (colon < 0)
    throw new UsageError("--notify takes KIND:ADDRESS (ppg:+15551234567, http:URL, udp:HOST:PORT)");
  return { kind: text.slice(0, colon), address: text.slice(colon + 1) };
}

function table(devices: readonly DeviceJson[]): string {
  if (devices.length === 0) return "no devices\n";
  const rows = [
    ["ID", "AUTH", "USER", "LAST SEEN", "NAME"],
    ...devices.map((d) => [
      d.id,
      d.clientAuth.scheme,
      d.clientAuth.username,
      d.lastSeenAt ?? "never",
      `${d.name ?? ""}${d.autoProvisioned ? " (auto)" : ""}`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i] ?? 0))
          .join("  ")
          .trimEnd(),
      )
      .join("\n") + "\n"
  );
}

function details(d: DeviceJson): string {
  const lines = [
    `id:            ${d.id}`,
    ...(d.name === undefined ? [] : [`name:          ${d.name}`]),
    `client auth:   ${d.clientAuth.scheme} as ${d.clientAuth.username}`,
    ...(d.serverAuth === undefined
      ? []
      : [`server auth:   ${d.serverAuth.scheme} as ${d.serverAuth.serverId}`]),
    ...(d.msisdn === undefined ? [] : [`msisdn:        ${d.msisdn}`]),
    ...(d.notify === undefined ? [] : [`notify:        ${d.notify.kind} ${d.notify.address}`]),
    `created:       ${d.createdAt}${d.autoProvisioned ? " (auto-provisioned)" : ""}`,
    `last seen:     ${d.lastSeenAt ?? "never"}`,
    `auth failures: ${d.authFailures}${d.lockedUntil === undefined ? "" : `, locked until ${d.lockedUntil}`}`,
  ];
  if (d.commands !== undefined) {
    lines.push(
      `commands:      ${Object.entries(d.commands)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}`,
    );
  }
  for (const [k, v] of Object.entries(d.devInfo ?? {})) lines.push(`DevInfo/${k}: ${v}`);
  return lines.join("\n") + "\n";
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

function write(text: string): void {
  process.stdout.write(text);
}
