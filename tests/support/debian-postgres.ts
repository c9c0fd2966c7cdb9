// A separate PostgreSQL 15 (Debian's postgresql-15 binaries, not the embedded
// one from npm) for the deploy tests: a server the app did not start, with
// TLS on (a self-signed certificate made with openssl) and pg_hba rules, so
// an SSL-only role and a socket folder can be tried. Postgres refuses to run
// as root: as root, every command runs as the `postgres` user (runuser).
import { execFile } from "node:child_process";
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { freePort } from "../../app/sandbox/embedded-postgres";

const run = promisify(execFile);
export const POSTGRES_15_BIN = "/usr/lib/postgresql/15/bin";

export interface DebianPostgres {
  port: number;
  /** The folder holding the server's socket (.s.PGSQL.<port>). */
  socketDir: string;
  /** The self-signed server certificate (CN=localhost), to verify it. */
  certFile: string;
  /** Superuser over the socket (trust). */
  adminUrl: string;
  /** Runs SQL as the superuser on `database`. */
  sql(statement: string, database?: string): Promise<pg.QueryResult>;
  stop(): Promise<void>;
}

const asPostgres = process.getuid?.() === 0;

function runAsPostgres(command: string, args: string[]) {
  return asPostgres ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args);
}

/**
 * pg_hba rules, first match wins: members of all_ssl_roles only over TLS,
 * anyone over the socket (trust), everyone else with a password either way.
 */
const HBA = `local all all trust
hostnossl all +all_ssl_roles 127.0.0.1/32 reject
hostssl all all 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 scram-sha-256
`;

export async function startDebianPostgres(): Promise<DebianPostgres> {
  // Under /tmp (traversable by the postgres user), not a 0700 folder.
  const root = await mkdtemp("/tmp/deploy-pg15-");
  await chmod(root, 0o755);
  const dataDir = path.join(root, "data");
  const socketDir = path.join(root, "socket");
  const certFile = path.join(root, "server.crt");
  const keyFile = path.join(root, "server.key");
  await mkdir(socketDir);
  await run("openssl", ["req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=localhost", "-keyout", keyFile, "-out", certFile]);
  await chmod(keyFile, 0o600);
  if (asPostgres) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    for (const file of [socketDir, keyFile, certFile]) await chown(file, Number(stdout), Number(gid));
    await chown(root, Number(stdout), Number(gid));
  }
  await runAsPostgres(`${POSTGRES_15_BIN}/initdb`, ["-D", dataDir, "-U", "postgres", "--auth=trust", "--no-sync"]);
  await writeFile(path.join(dataDir, "pg_hba.conf"), HBA);
  if (asPostgres) await run("chown", ["postgres:postgres", path.join(dataDir, "pg_hba.conf")]);

  const port = await freePort();
  const options = [
    `-c port=${port}`,
    "-c listen_addresses=127.0.0.1",
    `-c unix_socket_directories=${socketDir}`,
    "-c ssl=on",
    `-c ssl_cert_file=${certFile}`,
    `-c ssl_key_file=${keyFile}`,
    "-c fsync=off",
  ].join(" ");
  await runAsPostgres(`${POSTGRES_15_BIN}/pg_ctl`, ["-D", dataDir, "-l", path.join(root, "server.log"), "-o", options, "-w", "-t", "30", "start"]);

  const adminUrl = `postgresql://postgres@localhost:${port}/postgres?host=${socketDir}`;
  const sql = async (statement: string, database = "postgres") => {
    const client = new pg.Client({ host: socketDir, port, user: "postgres", database });
    await client.connect();
    try {
      return await client.query(statement);
    } finally {
      await client.end();
    }
  };
  // A group role, so pg_hba can say "these roles: TLS only".
  await sql("CREATE ROLE all_ssl_roles NOLOGIN");
  return {
    port,
    socketDir,
    certFile,
    adminUrl,
    sql,
    stop: async () => {
      await runAsPostgres(`${POSTGRES_15_BIN}/pg_ctl`, ["-D", dataDir, "-m", "fast", "-w", "stop"]).catch(() => undefined);
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** A login role and a database it owns; `sslOnly` roles are refused without TLS. */
export async function createRoleAndDatabase(server: DebianPostgres, name: string, password: string, { sslOnly = false } = {}): Promise<void> {
  const role = pg.escapeIdentifier(name);
  await server.sql(`CREATE ROLE ${role} LOGIN PASSWORD ${pg.escapeLiteral(password)}${sslOnly ? " IN ROLE all_ssl_roles" : ""}`);
  await server.sql(`CREATE DATABASE ${role} OWNER ${role}`);
}
