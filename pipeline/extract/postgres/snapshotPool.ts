// Several sessions reading one snapshot: the extraction's transaction exports its snapshot
// (pg_export_snapshot) and every other session imports it (SET TRANSACTION SNAPSHOT) before its first query,
// as pg_dump --jobs does. Each sees exactly the rows the first one sees, so the tables are read in parallel
// without giving up the extraction's consistency (no item without its order, however busy the source).
// Copies are read by psql when it is installed (see psqlReader.ts), else on node-postgres connections of the
// pool; work is handed to whichever session is free, in the order it was asked for.
import type pg from "pg";
import { logger } from "../../log.ts";
import { SESSION_SETUP, connectSource } from "./connect.ts";
import type { ChildProcess } from "node:child_process";
import { psqlCopyToFile } from "./psqlReader.ts";

const log = logger("extract");

/** At most `size` holders at once, served first come, first served. */
class Slots<T> {
  private readonly waiting: ((slot: T) => void)[] = [];
  constructor(private readonly idle: T[]) {}

  async use<R>(work: (slot: T) => Promise<R>): Promise<R> {
    const slot = this.idle.pop() ?? (await new Promise<T>((resolve) => this.waiting.push(resolve)));
    try {
      return await work(slot);
    } finally {
      const next = this.waiting.shift();
      if (next) next(slot);
      else this.idle.push(slot);
    }
  }
}

export interface PoolOptions {
  /** A session the server refuses is an error (the count was configured), else done without, with a warning. */
  strict: boolean;
  /** psql's path: copies are read by psql sessions, queries stay on the caller's connection. */
  psql?: string;
}

export class SnapshotPool {
  private readonly queries: Slots<pg.Client>;
  private readonly psqlSlots: Slots<number> | undefined;
  private readonly readers = new Set<ChildProcess>();

  private constructor(
    /** Connections that imported the snapshot (all but the first, which owns the transaction). */
    private readonly imported: readonly pg.Client[],
    main: pg.Client,
    size: number,
    private readonly psql: { path: string; url: string; snapshot: string } | undefined,
  ) {
    this.queries = new Slots([main, ...imported]);
    this.psqlSlots = psql ? new Slots(Array.from({ length: size }, (_, i) => i)) : undefined;
  }

  /**
   * `main` must be inside its REPEATABLE READ transaction, past its first query (the snapshot exists). Reads
   * with `size` sessions on its snapshot: psql ones, or `size - 1` more node-postgres connections.
   */
  static async open(main: pg.Client, url: string, size: number, options: PoolOptions): Promise<SnapshotPool> {
    // One connection, the extraction's own, reading everything itself.
    if (size <= 1 && !options.psql) return new SnapshotPool([], main, 1, undefined);
    const { rows } = await main.query<{ id: string }>("select pg_export_snapshot() as id");
    const snapshot = rows[0].id;
    if (options.psql) {
      log.debug(`${size} psql sessions read snapshot ${snapshot}`);
      return new SnapshotPool([], main, size, { path: options.psql, url, snapshot });
    }
    const opened: pg.Client[] = [];
    for (let i = 1; i < size; i++) {
      let client: pg.Client | undefined;
      try {
        client = await connectSource(url, { applicationName: "olist-extract" });
        await client.query(`begin isolation level repeatable read, read only; set transaction snapshot '${snapshot.replace(/'/g, "''")}'; ${SESSION_SETUP}`);
        opened.push(client);
      } catch (error) {
        await client?.end().catch(() => undefined);
        if (options.strict) {
          await Promise.all(opened.map((c) => c.end().catch(() => undefined)));
          throw error;
        }
        log.warn(`reading the source on ${opened.length + 1} connection(s) instead of ${size}: ${(error as Error).message}`);
        break;
      }
    }
    log.debug(`${opened.length + 1} connections read snapshot ${snapshot}`);
    return new SnapshotPool(opened, main, opened.length + 1, undefined);
  }

  /** Runs a query (or any work on a connection) on the next free connection of the snapshot. */
  use<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
    return this.queries.use(work);
  }

  /**
   * Copies `select` into `file` as CSV on the next free session: psql's, or a connection handed to `stream`
   * (which returns what it measured on the way).
   */
  async copyToFile<S>(select: string, file: string, stream: (client: pg.Client) => Promise<S>): Promise<S | undefined> {
    const psql = this.psql;
    if (psql && this.psqlSlots) {
      await this.psqlSlots.use(() => psqlCopyToFile(psql.path, psql.url, psql.snapshot, select, file, this.readers));
      return undefined;
    }
    return this.use(stream);
  }

  /** Ends the imported sessions (the first connection is the caller's); psql readers still running are stopped. */
  async close(): Promise<void> {
    for (const reader of this.readers) reader.kill("SIGTERM");
    await Promise.all(
      this.imported.map(async (c) => {
        await c.query("rollback").catch(() => undefined);
        await c.end().catch(() => undefined);
      }),
    );
  }
}
