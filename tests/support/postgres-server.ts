/**
 * A real, throwaway PostgreSQL server for tests: Debian's binaries (the `postgresql` package,
 * which .ci/run installs), a fresh cluster in a temporary folder, listening on a free loopback
 * port, gone when stopped. PostgreSQL refuses to run as root, so as root (CI) the cluster is made
 * and run as the `postgres` user the package creates.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** postgres://dossier@127.0.0.1:PORT/postgres — trust authentication, loopback only. */
  readonly url: string;
  readonly port: number;
  readonly version: string;
  stop(): void;
}

/** The folder holding initdb and pg_ctl: PG_BIN, else Debian's newest, else the PATH. */
export function findPostgresBin(): string | null {
  const fromEnv = process.env.PG_BIN;
  if (fromEnv && existsSync(join(fromEnv, 'pg_ctl'))) return fromEnv;
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => existsSync(join(debian, v, 'bin', 'pg_ctl')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0] !== undefined) return join(debian, versions[0], 'bin');
  }
  const which = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' });
  const found = which.stdout.trim();
  return which.status === 0 && found !== '' ? join(found, '..') : null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs a server binary, as `postgres` when we are root. */
function runAs(user: { uid: number; gid: number } | null, bin: string, args: string[]): void {
  const [cmd, argv] = user ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) {
    throw new Error(
      'postgres test server: running as root needs a "postgres" user to run the server as (Debian\'s postgresql package creates it: apt-get install postgresql)',
    );
  }
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Starts a fresh PostgreSQL cluster. Durability is off (fsync, synchronous_commit) unless
 * `durable` (bench figures): the data lives as long as the test run.
 * @example const pg = await startPostgres(); process.env.DATABASE_URL = pg.url; … pg.stop();
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<PostgresServer> {
  const bin = findPostgresBin();
  if (!bin) {
    throw new Error(
      "postgres test server: no PostgreSQL server binaries (pg_ctl) found; install Debian's postgresql package or set PG_BIN",
    );
  }
  const user = process.getuid?.() === 0 ? postgresUser() : null;
  const dir = mkdtempSync(join(tmpdir(), 'dossier-pg-'));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  try {
    runAs(user, join(bin, 'initdb'), [
      '-D',
      data,
      '-U',
      'dossier',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
    ]);
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        `-k ${dir}`,
        '-c listen_addresses=127.0.0.1',
        ...(options.durable
          ? []
          : ['-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off']),
        '-c max_connections=300',
      ].join(' ');
      try {
        runAs(user, join(bin, 'pg_ctl'), [
          '-D',
          data,
          '-o',
          serverOptions,
          '-l',
          log,
          '-w',
          'start',
        ]);
      } catch (err) {
        lastError = err;
        continue; // the port was taken between our check and the server's bind
      }
      const version = execFileSync(join(bin, 'postgres'), ['--version'], {
        encoding: 'utf8',
      }).trim();
      return {
        url: `postgres://dossier@127.0.0.1:${port}/postgres`,
        port,
        version,
        stop: () => {
          try {
            runAs(user, join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
          } finally {
            rmSync(dir, { recursive: true, force: true });
          }
        },
      };
    }
    const tail = existsSync(log) ? readFileSync(log, 'utf8').split('\n').slice(-5).join('\n') : '';
    throw new Error(`postgres test server: pg_ctl start failed: ${String(lastError)}\n${tail}`);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}
