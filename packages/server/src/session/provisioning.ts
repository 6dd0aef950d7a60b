/**
 * Devices the Store does not know: the auto-provisioning policy decides whether one may become a
 * device (and with which credentials); otherwise it only gets a challenge it cannot meet.
 */
import type { SyncMLMessage } from "@omadm/protocol";
import { aauthTypeForScheme, parseBasicCredential, parseHmacHeader } from "@omadm/protocol";
import { clientAuthOf, headerValue, serverAuthOf } from "../auth/index.js";
import type { AutoProvisionPolicy, DeviceAuthSchemeName, ProvisionRequest } from "./session-api.js";
import type { ProvisionCandidate } from "./session-state.js";

/** What an unknown device presented, for the policy. */
export function provisionRequestOf(
  message: SyncMLMessage,
  headers: Readonly<Record<string, string>>,
): ProvisionRequest {
  const header = message.header;
  const deviceId = header.source.locUri;
  const hmac = headerValue(headers, "x-syncml-hmac");
  if (hmac !== undefined) {
    let username = header.source.locName;
    try {
      username = parseHmacHeader(hmac).username;
    } catch {
      // keep LocName
    }
    return { deviceId, scheme: "hmac", ...(username === undefined ? {} : { username }) };
  }
  const cred = header.cred;
  if (cred === undefined) {
    return header.source.locName === undefined ? { deviceId } : { deviceId, username: header.source.locName };
  }
  const type = aauthTypeForScheme(cred.meta?.type ?? "syncml:auth-basic");
  const scheme: DeviceAuthSchemeName | undefined =
    type === "BASIC" ? "basic" : type === "DIGEST" ? "md5" : type === "HMAC" ? "hmac" : undefined;
  const username = scheme === "basic" ? parseBasicCredential(cred.data)?.username : header.source.locName;
  return {
    deviceId,
    ...(scheme === undefined ? {} : { scheme }),
    ...(username === undefined ? {} : { username }),
  };
}

/**
 * The candidate an unknown device becomes under `policy`, or undefined when it is refused.
 * A grant's secrets are reduced to the hashes the Store keeps at once (the plain server secret
 * only for basic, which must send it).
 */
export async function provisionCandidate(
  policy: AutoProvisionPolicy,
  request: ProvisionRequest,
): Promise<ProvisionCandidate | undefined> {
  if (policy === false) return undefined;
  if (policy === true) return { kind: "tofu", failures: 0 };
  const grant = await policy(request);
  if (grant === undefined) return undefined;
  const { clientAuth, serverAuth, name } = grant;
  return {
    kind: "grant",
    clientAuth: clientAuthOf(clientAuth.scheme, clientAuth.username, clientAuth.secret),
    ...(serverAuth === undefined
      ? {}
      : { serverAuth: serverAuthOf(serverAuth.scheme, serverAuth.serverId, serverAuth.secret) }),
    ...(name === undefined ? {} : { name }),
    clientNonce: "",
    failures: 0,
  };
}
