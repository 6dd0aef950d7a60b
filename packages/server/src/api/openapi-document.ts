/**
 * The OpenAPI 3.1 description of every HTTP endpoint, served at /api/openapi.json. Written as a
 * typed object next to the route table; a test checks that the two name the same operations.
 */

/** A JSON Schema (2020-12, the dialect of OpenAPI 3.1), as far as this document uses it. */
export interface JsonSchema {
  readonly $ref?: string;
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean" | "null";
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | JsonSchema;
  readonly items?: JsonSchema;
  readonly enum?: readonly (string | number)[];
  readonly const?: string;
  readonly default?: string | number | boolean;
  readonly oneOf?: readonly JsonSchema[];
  readonly format?: string;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minLength?: number;
  readonly minItems?: number;
}

interface Parameter {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly required?: boolean;
  readonly description?: string;
  readonly schema: JsonSchema;
}

interface MediaContent {
  readonly [mediaType: string]: { readonly schema: JsonSchema };
}

interface Response {
  readonly description: string;
  readonly content?: MediaContent;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema: JsonSchema }>>;
}

/** One operation of an OpenAPI path item. */
export interface Operation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags?: readonly string[];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly required: boolean; readonly content: MediaContent };
  readonly responses: Readonly<Record<string, Response>>;
  /** `[]` for the endpoints that take no bearer token. */
  readonly security?: readonly Readonly<Record<string, readonly string[]>>[];
}

/** An OpenAPI 3.1 document (the parts this server uses). */
export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers?: readonly { readonly url: string }[];
  readonly security: readonly Readonly<Record<string, readonly string[]>>[];
  readonly tags: readonly { readonly name: string; readonly description: string }[];
  readonly paths: Readonly<Record<string, Partial<Readonly<Record<"get" | "post" | "delete", Operation>>>>>;
  readonly components: {
    readonly securitySchemes: Readonly<Record<string, { readonly type: "http"; readonly scheme: "bearer" }>>;
    readonly schemas: Readonly<Record<string, JsonSchema>>;
  };
}

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema): MediaContent => ({ "application/json": { schema } });
const problem = (description: string): Response => ({
  description,
  content: { "application/problem+json": { schema: ref("Problem") } },
});
const str: JsonSchema = { type: "string" };
const time: JsonSchema = { type: "string", format: "date-time" };
const idParam: Parameter = {
  name: "id",
  in: "path",
  required: true,
  description: "DevId, e.g. IMEI:490154203237518 (percent-encoded)",
  schema: str,
};
const commandIdParam: Parameter = { name: "commandId", in: "path", required: true, schema: str };
const limitParam: Parameter = {
  name: "limit",
  in: "query",
  description: "Page size, 1..1000 (default 100)",
  schema: { type: "integer", minimum: 1, maximum: 1000 },
};
const cursorParam: Parameter = {
  name: "cursor",
  in: "query",
  description: "nextCursor of the previous page",
  schema: str,
};
const unauthorized = problem("Missing or unknown bearer token");
const notFoundResponse = problem("No such resource");
const page = (item: string): JsonSchema => ({
  type: "object",
  required: ["items"],
  properties: {
    items: { type: "array", items: ref(item) },
    nextCursor: { ...str, description: "Present when more items may follow" },
  },
});
const authScheme: JsonSchema = { type: "string", enum: ["basic", "md5", "hmac"] };
const uri: JsonSchema = { type: "string", minLength: 1, description: "Device URI, e.g. ./DevDetail/FwV" };
const commandKinds = (kinds: readonly string[]) => ({ type: "string" as const, enum: kinds });
const eventKindList = [
  "generic-alert",
  "client-event",
  "exec-result",
  "command-status",
  "session",
  "device",
  "auth-failure",
  "notification",
];

const commandStateList = ["queued", "sent", "done", "failed", "cancelled"];

const deviceSchema: JsonSchema = {
  type: "object",
  required: ["id", "clientAuth", "authFailures", "createdAt", "autoProvisioned"],
  properties: {
    id: str,
    name: str,
    msisdn: str,
    notify: ref("NotifyTarget"),
    clientAuth: { type: "object", properties: { scheme: authScheme, username: str } },
    serverAuth: { type: "object", properties: { scheme: authScheme, serverId: str } },
    authFailures: { type: "integer" },
    lockedUntil: time,
    devInfo: { type: "object", additionalProperties: str, description: "Last ./DevInfo leaves by path" },
    createdAt: time,
    lastSeenAt: time,
    autoProvisioned: { type: "boolean" },
  },
};

const schemas: Readonly<Record<string, JsonSchema>> = {
  Problem: {
    type: "object",
    description: "RFC 9457 problem details",
    required: ["title", "status"],
    properties: {
      type: str,
      title: str,
      status: { type: "integer" },
      detail: str,
      errors: {
        type: "array",
        items: {
          type: "object",
          required: ["pointer", "message"],
          properties: { pointer: str, message: str },
        },
      },
    },
  },
  NewDevice: {
    type: "object",
    required: ["id", "clientAuth"],
    additionalProperties: false,
    properties: {
      id: { ...str, minLength: 1, description: "DevId" },
      name: str,
      msisdn: { ...str, description: "For WAP Push through the PPG" },
      notify: ref("NotifyTarget"),
      clientAuth: {
        type: "object",
        required: ["scheme", "username", "secret"],
        description: "How the device authenticates; the server keeps only B64(MD5(username:secret))",
        properties: { scheme: authScheme, username: str, secret: str },
      },
      serverAuth: {
        type: "object",
        required: ["scheme", "secret"],
        description: "How the server authenticates to the device (serverId defaults to the server's)",
        properties: { scheme: authScheme, serverId: str, secret: str },
      },
    },
  },
  NotifyTarget: {
    type: "object",
    required: ["kind", "address"],
    properties: { kind: { type: "string", enum: ["ppg", "http", "udp"] }, address: str },
  },
  Device: deviceSchema,
  DeviceDetail: {
    ...deviceSchema,
    description: "A Device with its command counts by state",
    required: [...(deviceSchema.required ?? []), "commands"],
    properties: {
      ...deviceSchema.properties,
      commands: {
        type: "object",
        required: commandStateList,
        properties: Object.fromEntries(
          commandStateList.map((st): [string, JsonSchema] => [st, { type: "integer" }]),
        ),
      },
    },
  },
  CommandData: {
    oneOf: [
      { type: "object", required: ["text"], additionalProperties: false, properties: { text: str } },
      { type: "object", required: ["base64"], additionalProperties: false, properties: { base64: str } },
      {
        type: "object",
        required: ["tnds"],
        additionalProperties: false,
        properties: { tnds: { ...str, description: "XML text of a TNDS MgmtTree" } },
      },
    ],
  },
  DmCommand: {
    description: "A protocol-neutral management command",
    oneOf: [
      {
        type: "object",
        required: ["kind", "uri"],
        properties: { kind: commandKinds(["Get", "Delete"]), uri },
      },
      {
        type: "object",
        required: ["kind", "uri"],
        properties: {
          kind: commandKinds(["Add", "Replace"]),
          uri,
          format: {
            type: "string",
            enum: ["b64", "bin", "bool", "chr", "int", "node", "null", "xml", "date", "time", "float"],
          },
          type: str,
          data: ref("CommandData"),
        },
      },
      {
        type: "object",
        required: ["kind", "uri"],
        properties: {
          kind: { type: "string", const: "Exec" },
          uri,
          format: str,
          type: str,
          data: ref("CommandData"),
          async: {
            type: "boolean",
            description: "The device answers 202, then a Generic Alert with our Correlator",
          },
        },
      },
      {
        type: "object",
        required: ["kind", "uri", "source"],
        properties: { kind: { type: "string", const: "Copy" }, uri, source: uri },
      },
      {
        type: "object",
        required: ["kind", "commands"],
        properties: {
          kind: commandKinds(["Atomic", "Sequence"]),
          commands: { type: "array", minItems: 1, items: ref("DmCommand") },
        },
      },
    ],
  },
  ResultItem: {
    type: "object",
    required: ["uri"],
    properties: { uri: str, format: str, type: str, data: ref("CommandData") },
  },
  ChildOutcome: {
    type: "object",
    properties: {
      status: { type: "integer" },
      results: { type: "array", items: ref("ResultItem") },
      children: { type: "array", items: ref("ChildOutcome") },
    },
  },
  Command: {
    type: "object",
    required: ["id", "deviceId", "seq", "command", "state", "attempts", "resent", "createdAt", "updatedAt"],
    properties: {
      id: str,
      deviceId: str,
      seq: { type: "integer" },
      command: ref("DmCommand"),
      state: { type: "string", enum: ["queued", "sent", "done", "failed", "cancelled"] },
      attempts: { type: "integer" },
      resent: { type: "boolean", description: "Sent again after a Status that never came" },
      status: { type: "integer", description: "DM status code" },
      results: { type: "array", items: ref("ResultItem") },
      children: { type: "array", items: ref("ChildOutcome") },
      correlator: str,
      createdAt: time,
      updatedAt: time,
    },
  },
  Event: {
    type: "object",
    required: ["id", "deviceId", "kind", "data", "at"],
    properties: {
      id: { type: "integer" },
      deviceId: str,
      kind: { type: "string", enum: eventKindList },
      data: { description: "Kind-specific JSON" },
      at: time,
    },
  },
  Session: {
    type: "object",
    required: ["ref", "sessionId", "version", "createdAt", "updatedAt", "expiresAt"],
    properties: {
      ref: { ...str, description: "A digest of the session token (the token itself is secret)" },
      deviceId: str,
      sessionId: str,
      version: { type: "integer" },
      createdAt: time,
      updatedAt: time,
      expiresAt: time,
    },
  },
};
/** The OpenAPI document of this server. */
export function openApiDocument(version = "0.1.0"): OpenApiDocument {
  return {
    openapi: "3.1.0",
    info: {
      title: "omadm server",
      version,
      description:
        "OMA DM 1.2 server: the DM endpoint (/dm), the REST API (/api, bearer tokens), Prometheus metrics (/metrics) and health (/healthz). Times are ISO 8601 UTC.",
    },
    security: [{ bearer: [] }],
    tags: [
      { name: "devices", description: "Device registry" },
      { name: "commands", description: "Per-device command queue, statuses and results" },
      { name: "events", description: "Events and the live stream" },
      { name: "operations", description: "Notification, bootstrap, sessions" },
      { name: "service", description: "DM endpoint, metrics, health, this document" },
    ],
    paths: {
      "/api/openapi.json": {
        get: {
          operationId: "getOpenApi",
          summary: "This document",
          tags: ["service"],
          security: [],
          responses: { "200": { description: "OpenAPI 3.1 document", content: json({ type: "object" }) } },
        },
      },
      "/api/devices": {
        get: {
          operationId: "listDevices",
          summary: "List devices, ordered by id",
          tags: ["devices"],
          parameters: [
            {
              name: "search",
              in: "query",
              description: "Case-insensitive substring of the id or name",
              schema: str,
            },
            { name: "seenSince", in: "query", description: "Seen at or after (ISO 8601 or ms)", schema: str },
            { name: "autoProvisioned", in: "query", schema: { type: "boolean" } },
            limitParam,
            cursorParam,
          ],
          responses: {
            "200": { description: "A page of devices", content: json(page("Device")) },
            "400": problem("Bad query"),
            "401": unauthorized,
          },
        },
        post: {
          operationId: "createDevice",
          summary: "Provision a device with its credentials",
          tags: ["devices"],
          requestBody: { required: true, content: json(ref("NewDevice")) },
          responses: {
            "201": { description: "Created", content: json(ref("Device")) },
            "400": problem("Invalid body"),
            "401": unauthorized,
            "409": problem("The device exists"),
          },
        },
      },
      "/api/devices/{id}": {
        get: {
          operationId: "getDevice",
          summary: "A device with its DevInfo and command counts",
          tags: ["devices"],
          parameters: [idParam],
          responses: {
            "200": { description: "The device", content: json(ref("DeviceDetail")) },
            "401": unauthorized,
            "404": notFoundResponse,
          },
        },
        delete: {
          operationId: "deleteDevice",
          summary: "Delete a device with its commands and sessions (events stay)",
          tags: ["devices"],
          parameters: [idParam],
          responses: { "204": { description: "Deleted" }, "401": unauthorized, "404": notFoundResponse },
        },
      },
      "/api/devices/{id}/commands": {
        get: {
          operationId: "listCommands",
          summary: "A device's commands in queue order",
          tags: ["commands"],
          parameters: [
            idParam,
            { name: "state", in: "query", description: "Comma-separated states", schema: str },
            limitParam,
            cursorParam,
          ],
          responses: {
            "200": { description: "A page of commands", content: json(page("Command")) },
            "401": unauthorized,
            "404": notFoundResponse,
          },
        },
        post: {
          operationId: "enqueueCommand",
          summary: "Queue a command for the device's next session",
          tags: ["commands"],
          parameters: [idParam],
          requestBody: { required: true, content: json(ref("DmCommand")) },
          responses: {
            "201": { description: "Queued", content: json(ref("Command")) },
            "400": problem("Invalid command (errors name JSON pointers)"),
            "401": unauthorized,
            "404": notFoundResponse,
          },
        },
      },
      "/api/commands/{commandId}": {
        get: {
          operationId: "getCommand",
          summary: "A command's state, status and results",
          tags: ["commands"],
          parameters: [commandIdParam],
          responses: {
            "200": { description: "The command", content: json(ref("Command")) },
            "401": unauthorized,
            "404": notFoundResponse,
          },
        },
        delete: {
          operationId: "cancelCommand",
          summary: "Cancel a command that has not completed",
          tags: ["commands"],
          parameters: [commandIdParam],
          responses: {
            "204": { description: "Cancelled" },
            "401": unauthorized,
            "404": notFoundResponse,
            "409": problem("The command is done, failed or cancelled"),
          },
        },
      },
      "/api/devices/{id}/notify": {
        post: {
          operationId: "notifyDevice",
          summary: "Send the device a Package 0 so it opens a session",
          tags: ["operations"],
          parameters: [idParam],
          requestBody: {
            required: false,
            content: json({ type: "object", description: "Notification options (uiMode, initiator, ...)" }),
          },
          responses: {
            "202": {
              description: "Sent or queued; the attempts are recorded",
              content: json({ type: "object" }),
            },
            "401": unauthorized,
            "404": notFoundResponse,
            "503": problem("Notification is not configured"),
          },
        },
      },
      "/api/devices/{id}/bootstrap": {
        post: {
          operationId: "bootstrapDevice",
          summary: "Build and deliver a DM-profile or CP bootstrap for the device",
          tags: ["operations"],
          parameters: [idParam],
          requestBody: {
            required: true,
            content: json({
              type: "object",
              additionalProperties: false,
              properties: {
                profile: { type: "string", enum: ["dm", "cp"], default: "dm" },
                security: {
                  type: "object",
                  description: "Required for a push; optional for a file (a smartcard needs no MAC)",
                  properties: {
                    method: { type: "string", enum: ["NETWPIN", "USERPIN", "USERNETWPIN"] },
                    imsi: { type: "string" },
                    pin: { type: "string" },
                  },
                  required: ["method"],
                },
                clientSecret: { type: "string", description: "Generated when absent" },
                serverSecret: { type: "string", description: "Generated when absent" },
                msisdn: { type: "string", description: "Push to this number instead of the device's" },
                delivery: {
                  type: "string",
                  enum: ["push", "file"],
                  default: "push",
                  description: "push: over WAP Push; file: the document comes back in the answer",
                },
              },
            }),
          },
          responses: {
            "202": {
              description:
                "Pushed (outcome, MAC) or built for a file (document: base64, contentType); secrets were stored",
              content: json({ type: "object" }),
            },
            "404": problem("No such device"),
            "400": problem("Invalid request"),
            "401": unauthorized,
            "503": problem("Bootstrap is not configured"),
          },
        },
      },
      "/api/events": {
        get: {
          operationId: "listEvents",
          summary: "Events after a cursor, ascending",
          tags: ["events"],
          parameters: [
            {
              name: "after",
              in: "query",
              description: "Only events with a larger id",
              schema: { type: "integer", minimum: 0 },
            },
            { name: "deviceId", in: "query", schema: str },
            {
              name: "kind",
              in: "query",
              description: `Comma-separated: ${eventKindList.join(", ")}`,
              schema: str,
            },
            limitParam,
          ],
          responses: {
            "200": {
              description: "Events; pass nextAfter as after for the next page",
              content: json({
                type: "object",
                required: ["items", "nextAfter"],
                properties: { items: { type: "array", items: ref("Event") }, nextAfter: { type: "integer" } },
              }),
            },
            "400": problem("Bad query"),
            "401": unauthorized,
          },
        },
      },
      "/api/stream": {
        get: {
          operationId: "streamEvents",
          summary: "Live events as server-sent events (id, event = kind, data = Event JSON)",
          tags: ["events"],
          parameters: [
            { name: "Last-Event-ID", in: "header", description: "Resume after this event", schema: str },
            {
              name: "after",
              in: "query",
              description: "Resume after this event (when no Last-Event-ID)",
              schema: { type: "integer", minimum: 0 },
            },
            { name: "deviceId", in: "query", schema: str },
            { name: "kind", in: "query", schema: str },
          ],
          responses: {
            "200": {
              description: "An endless event stream",
              content: { "text/event-stream": { schema: str } },
            },
            "401": unauthorized,
          },
        },
      },
      "/api/sessions": {
        get: {
          operationId: "listSessions",
          summary: "Open DM sessions, oldest first",
          tags: ["operations"],
          parameters: [{ name: "deviceId", in: "query", schema: str }, limitParam, cursorParam],
          responses: {
            "200": { description: "A page of sessions", content: json(page("Session")) },
            "401": unauthorized,
          },
        },
      },
      "/dm": {
        post: {
          operationId: "dmMessage",
          summary: "The OMA DM 1.2 endpoint: one client message in, one server message out",
          description:
            "Content-Type application/vnd.syncml.dm+xml or +wbxml (also application/vnd.syncml+xml/+wbxml). The session token is the `s` query parameter of the RespURI the server sent.",
          tags: ["service"],
          security: [],
          parameters: [{ name: "s", in: "query", description: "Session token from RespURI", schema: str }],
          requestBody: {
            required: true,
            content: {
              "application/vnd.syncml.dm+xml": { schema: str },
              "application/vnd.syncml.dm+wbxml": { schema: { type: "string", format: "binary" } },
            },
          },
          responses: {
            "200": { description: "The server's DM message" },
            "400": { description: "Not a SyncML DM message, or a replayed or out-of-order MsgID" },
            "403": { description: "A session token of another device or session" },
            "404": { description: "No live session with this token" },
            "409": { description: "Another process handled this session's message at the same time" },
            "413": { description: "Body larger than the server's MaxMsgSize (refused before it is read)" },
            "415": { description: "Not a DM media type" },
          },
        },
      },
      "/metrics": {
        get: {
          operationId: "getMetrics",
          summary: "Prometheus metrics (text exposition format 0.0.4)",
          tags: ["service"],
          security: [],
          responses: { "200": { description: "Metrics", content: { "text/plain": { schema: str } } } },
        },
      },
      "/healthz": {
        get: {
          operationId: "getHealth",
          summary: "Liveness and Store reachability",
          tags: ["service"],
          security: [],
          responses: {
            "200": { description: "Healthy", content: json({ type: "object" }) },
            "503": {
              description: "The Store does not answer, or the server is shutting down",
              content: json({ type: "object" }),
            },
          },
        },
      },
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas,
    },
  };
}
