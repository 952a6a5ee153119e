import { rm } from "node:fs/promises";
import net from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openAt } from "../../support/warehouse.ts";
import { connectSource, PostgresSourceError } from "../../../pipeline/extract/postgres/connect.ts";
import { isPermanent } from "../../../pipeline/run/retry.ts";
import { extractPostgres } from "../../../pipeline/extract/postgres/extract.ts";
import { importOlist } from "../../../pipeline/extract/postgres/importCsv.ts";
import { createTestDatabase, type TestDatabase } from "./fixtures.ts";
import { writeOlistCsvs } from "./olistCsv.ts";

const PASSWORD = "s3cr3t/P@ss";
const ENCODED = encodeURIComponent(PASSWORD); // s3cr3t%2FP%40ss

/** Fails with everything a caller might print about the error checked for the password, in both spellings. */
function expectNoPassword(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  for (const text of [(error as Error).message, String(error), (error as Error).stack ?? "", inspect(error, { depth: 10 })]) {
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ENCODED);
    expect(text).not.toContain("s3cr3t");
  }
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A server speaking just enough of the PostgreSQL protocol to ask for a cleartext password and refuse it —
 * quoting the password it received in the error, the worst a server (or a proxy) could do.
 */
function refusingServer(): net.Server {
  return net.createServer((socket) => {
    let stage = 0;
    socket.on("data", (data) => {
      if (stage === 2) return; // the client's Terminate
      if (stage === 0) {
        stage = 1;
        const ask = Buffer.alloc(9);
        ask.write("R", 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5); // AuthenticationCleartextPassword
        socket.write(ask);
        return;
      }
      const received = data.subarray(5, data.length - 1).toString("utf8");
      const fields = ["SFATAL", "VFATAL", "C28P01", `Mpassword authentication failed for user "olist" (password "${received}")`];
      const body = Buffer.from(fields.map((f) => `${f}\0`).join("") + "\0", "utf8");
      const head = Buffer.alloc(5);
      head.write("E", 0);
      head.writeInt32BE(body.length + 4, 1);
      stage = 2;
      socket.end(Buffer.concat([head, body]));
    });
  });
}

let server: net.Server;
let serverPort: number;
let db: TestDatabase;

beforeAll(async () => {
  server = refusingServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  serverPort = (server.address() as net.AddressInfo).port;
  db = await createTestDatabase("olist_test_connect");
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db?.drop();
});

describe("which connection failures are retried", () => {
  it("calls a wrong password, a missing database or a bad port permanent, and a refused connection transient", async () => {
    const wrong = await connectSource(`postgres://olist:${ENCODED}@127.0.0.1:${serverPort}/olist`).catch((e: unknown) => e);
    const database = new URL(db.url);
    database.pathname = "/no_such_database_here";
    const missing = await connectSource(database.toString()).catch((e: unknown) => e);
    const badPort = await connectSource(`postgres://olist@127.0.0.1:99999/olist`).catch((e: unknown) => e);
    const refused = await connectSource(`postgres://olist@127.0.0.1:${await freePort()}/olist`).catch((e: unknown) => e);
    expect([wrong, missing, badPort, refused].map((e) => isPermanent(e))).toEqual([true, true, true, false]);
    expect((missing as PostgresSourceError).code).toBe("3D000");
    expectNoPassword(wrong);
    expectNoPassword((wrong as Error).cause);
  });
});

describe("the PostgreSQL password", () => {
  it("is not in the error when the server refuses it", async () => {
    const error = await connectSource(`postgres://olist:${ENCODED}@127.0.0.1:${serverPort}/olist`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PostgresSourceError);
    expect((error as PostgresSourceError).code).toBe("28P01");
    expect((error as Error).message).toContain("password authentication failed");
    expect((error as Error).message).toContain(`postgres://olist:***@127.0.0.1:${serverPort}/olist`);
    expectNoPassword(error);
  });

  it("is not in the error when nothing listens on the port", async () => {
    const port = await freePort();
    const error = await connectSource(`postgres://olist:${ENCODED}@127.0.0.1:${port}/olist`).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/Cannot connect to PostgreSQL .*ECONNREFUSED/);
    expectNoPassword(error);
  });

  it("is not in the error of a malformed URL", async () => {
    const error = await connectSource(`postgres://olist:${ENCODED}@127.0.0.1:99999/olist`).catch((e: unknown) => e);
    expectNoPassword(error);
    const plain = await connectSource(`postgres://olist:${PASSWORD}@127.0.0.1:${serverPort}/olist`).catch((e: unknown) => e);
    expectNoPassword(plain);
  });

  it("is not in what extract and import-olist throw or log", async () => {
    const logged: string[] = [];
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      logged.push(String(chunk));
      return true;
    });
    const level = process.env.LOG_LEVEL;
    process.env.LOG_LEVEL = "info";
    const warehouse = await openAt(":memory:");
    const dir = await writeOlistCsvs();
    try {
      const port = await freePort();
      const refused = `postgres://olist:${ENCODED}@127.0.0.1:${port}/olist`;
      expectNoPassword(await extractPostgres({ warehouse, from: refused }).catch((e: unknown) => e));
      expectNoPassword(await importOlist(dir, { to: refused }).catch((e: unknown) => e));
      // Reachable (trust ignores the password) but empty: the schema error names the source without it.
      const empty = new URL(db.url);
      empty.username = "postgres";
      empty.password = ENCODED;
      const schemaError = await extractPostgres({ warehouse, from: empty.toString() }).catch((e: unknown) => e);
      expect((schemaError as Error).message).toContain("table public.orders is missing");
      expectNoPassword(schemaError);
      // A successful import logs its target; the log must not carry the password either.
      await importOlist(dir, { to: empty.toString() });
      const result = await extractPostgres({ warehouse, from: empty.toString() });
      expect(JSON.stringify(result)).not.toContain("s3cr3t");
      const stored = await warehouse.query(`select distinct source from meta.extract_state`);
      expect(stored).toEqual([{ source: `${empty.toString().replace(ENCODED, "***")} schema public` }]);
    } finally {
      spy.mockRestore();
      process.env.LOG_LEVEL = level;
      await warehouse.close();
      await rm(dir, { recursive: true, force: true });
    }
    expect(logged.join("")).toContain("postgres:***@");
    expect(logged.join("")).not.toContain("s3cr3t");
  });
});
