/**
 * The real parts the scale test runs: a fresh PostgreSQL database, free ports, and Debian's nginx
 * as a round-robin load balancer with an access log that names the upstream of every request.
 * Every start function returns something with a stop/drop function; nothing is left running.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";

/** A port nobody listens on right now (the kernel's pick, released again). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      s.close(() =>
        typeof address === "object" && address !== null
          ? resolve(address.port)
          : reject(new Error("no port")),
      );
    });
  });
}

/** Resolves once something accepts TCP connections on the port; rejects after `ms`. */
export async function waitForPort(
  port: number,
  ms = 10_000,
  alive: () => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (!alive()) throw new Error(`the process meant to listen on port ${port} has exited`);
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// ---- PostgreSQL ------------------------------------------------------------------------------

/** PostgreSQL at 127.0.0.1:5432 (trust auth, user postgres, else root), or OMADM_TEST_POSTGRES_URL. */
const postgresCandidates =
  process.env["OMADM_TEST_POSTGRES_URL"] !== undefined
    ? [process.env["OMADM_TEST_POSTGRES_URL"]]
    : ["postgres://postgres@127.0.0.1:5432/test", "postgres://root@127.0.0.1:5432/test"];

/** A database created for one test run; `drop()` removes it, ending its connections. */
export interface TestDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

/** Creates a uniquely named database. Rejects (never skips) when PostgreSQL is unreachable. */
export async function createTestDatabase(): Promise<TestDatabase> {
  let lastError: unknown;
  for (const adminUrl of postgresCandidates) {
    const admin = new pg.Client({ connectionString: adminUrl });
    try {
      await admin.connect();
    } catch (error) {
      lastError = error;
      await admin.end().catch(() => undefined);
      continue;
    }
    const name = `omadm_scale_${randomBytes(6).toString("hex")}`;
    try {
      await admin.query(`CREATE DATABASE "${name}"`);
    } finally {
      await admin.end();
    }
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      name,
      url: url.toString(),
      async drop() {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          // WITH (FORCE) (PostgreSQL 13+) ends the connections a killed server may have left.
          await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      },
    };
  }
  throw new Error(`PostgreSQL is not reachable (${postgresCandidates.join(", ")})`, { cause: lastError });
}

// ---- nginx -----------------------------------------------------------------------------------

/** The nginx binary (Debian installs it in /usr/sbin, often not on a user's PATH). */
export function nginxBinary(): string {
  const dirs = [
    ...(process.env["PATH"] ?? "").split(delimiter),
    "/usr/sbin",
    "/usr/local/sbin",
    "/usr/local/nginx/sbin",
  ];
  for (const dir of dirs) {
    if (dir === "") continue;
    const file = join(dir, "nginx");
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  throw new Error("nginx is not installed (Debian package nginx; .ci/run installs it)");
}

/** One line of the access log: which upstream served which device's request. */
export interface AccessLogLine {
  /** `127.0.0.1:PORT` of the server process, "-" when nginx answered itself. */
  readonly upstream: string;
  /** The x-scale-device header, "-" when absent (REST calls). */
  readonly device: string;
  readonly status: number;
  readonly method: string;
  readonly path: string;
}

/** A running nginx. */
export interface Nginx {
  readonly port: number;
  readonly dir: string;
  readonly child: ChildProcess;
  /** The access log so far, parsed. */
  accessLog(): AccessLogLine[];
  errorLog(): string;
  /** Graceful stop (SIGQUIT), then SIGKILL after 5 s; removes the folder. */
  stop(): Promise<void>;
}

/** The request header the simulated devices send, logged by nginx to attribute every DM message. */
export const deviceHeader = "x-scale-device";

/**
 * nginx in the foreground with everything (pid, logs, temp files) in a temporary folder: one
 * worker, an upstream of the given ports with neither keep-alive nor ip_hash, so requests go
 * round-robin in arrival order. max_fails=0 keeps both servers in rotation whatever they answer.
 */
export async function startNginx(upstreamPorts: readonly number[]): Promise<Nginx> {
  const binary = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), "omadm-nginx-"));
  const port = await freePort();
  const header = deviceHeader.replaceAll("-", "_");
  const conf = `
worker_processes 1;
daemon off;
${process.getuid?.() === 0 ? "user root;" : ""}
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  log_format scale '$upstream_addr|$http_${header}|$status|$request_method|$uri';
  access_log ${dir}/access.log scale;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 2m;
  upstream omadm {
${upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join("\n")}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://omadm;
      proxy_next_upstream off;
      proxy_set_header Host $http_host;
      proxy_read_timeout 60s;
    }
  }
}
`;
  const confFile = join(dir, "nginx.conf");
  writeFileSync(confFile, conf);
  const child = spawn(binary, ["-c", confFile, "-p", dir, "-e", join(dir, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (c: string) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const errorLog = () => {
    try {
      return readFileSync(join(dir, "error.log"), "utf8");
    } catch {
      return "";
    }
  };
  try {
    await waitForPort(port, 10_000, () => child.exitCode === null && child.signalCode === null);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`nginx did not start: ${String(e)}\n${stderr}\n${errorLog()}`);
  }
  return {
    port,
    dir,
    child,
    errorLog,
    accessLog() {
      let text = "";
      try {
        text = readFileSync(join(dir, "access.log"), "utf8");
      } catch {
        return [];
      }
      return text
        .split("\n")
        .filter((l) => l !== "")
        .map((l) => {
          const [upstream = "", device = "", status = "", method = "", path = ""] = l.split("|");
          return { upstream, device, status: Number(status), method, path };
        });
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGQUIT");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---- Prometheus text -------------------------------------------------------------------------

/** The sum of a metric's samples whose labels include `labels` (0 when there is none). */
export function metricSum(text: string, name: string, labels: Readonly<Record<string, string>> = {}): number {
  let sum = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (rest[0] !== "{" && rest[0] !== " ") continue;
    const labelText = rest[0] === "{" ? rest.slice(1, rest.indexOf("}")) : "";
    if (!Object.entries(labels).every(([k, v]) => labelText.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return sum;
}
