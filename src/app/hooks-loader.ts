import { existsSync, readFileSync, readdirSync, watch, type FSWatcher } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { App } from './app.js';
import { PlinthApi } from './plinth-api.js';

/** A hook file's default export. */
export type HookModule = (api: PlinthApi) => void | Promise<void>;

export interface HooksOptions {
  dir: string;
  /** Reload files when they change; a broken edit keeps the previous hooks serving. */
  dev?: boolean;
  timeoutMs?: number;
  log?: (msg: string) => void;
}

const hookFile = /^[^.].*(?<!\.d)\.(ts|mts|js|mjs)$/;
const reloadDebounceMs = 100;

export class HookLoadError extends Error {}

let generation = 0;

/**
 * Names the file and line of a load error. V8's SyntaxError for a module carries no location,
 * so the file is re-parsed with esbuild (what tsx compiles with) to find it.
 */
async function locate(path: string, err: unknown): Promise<string> {
  const message = (err as Error)?.message ?? String(err);
  if (!(err instanceof SyntaxError)) return `${path}: ${message}`;
  try {
    const { transform } = await import('esbuild');
    await transform(readFileSync(path, 'utf8'), { loader: path.endsWith('ts') ? 'ts' : 'js', sourcefile: path });
  } catch (parseErr) {
    const first = (parseErr as { errors?: { text: string; location?: { line: number; column: number } }[] }).errors?.[0];
    if (first?.location) return `${path}:${first.location.line}:${first.location.column}: ${first.text}`;
  }
  return `${path}: ${message}`;
}

/** Loads every hook file of `dir` in name order; any failure names the file (and line when known). */
async function loadAll(app: App, dir: string, timeoutMs?: number): Promise<PlinthApi[]> {
  const files = readdirSync(dir).filter((f) => hookFile.test(f) && !f.includes('.test.')).sort();
  const version = ++generation;
  const loaded: PlinthApi[] = [];
  try {
    for (const file of files) {
      const path = join(dir, file);
      const api = new PlinthApi(app, `${file}#${version}`, timeoutMs);
      loaded.push(api);
      let mod: { default?: unknown };
      try {
        // tsImport compiles TypeScript and loads each generation in its own namespace (fresh modules)
        // tsx is imported only when there are hook files: a server without them never loads it
        const { tsImport } = await import('tsx/esm/api');
        mod = await tsImport(pathToFileURL(path).href, import.meta.url);
      } catch (err) {
        throw new HookLoadError(`failed to load hook file ${await locate(path, err)}`);
      }
      // a file outside an ESM package loads as CommonJS: its default export sits one level down
      const fn = typeof mod.default === 'function' ? mod.default : (mod.default as { default?: unknown } | undefined)?.default;
      if (typeof fn !== 'function') throw new HookLoadError(`hook file ${path} must export a default function (api) => {...}`);
      try {
        await (fn as HookModule)(api);
      } catch (err) {
        throw new HookLoadError(`hook file ${path} threw while registering: ${(err as Error).stack ?? err}`);
      }
    }
    return loaded;
  } catch (err) {
    for (const api of loaded) api.unbindAll();
    throw err;
  }
}

/**
 * Loads `plinth_hooks/*.ts` (TypeScript runs through tsx). In dev mode the directory is watched
 * and reloaded: new hooks are bound first, then the old ones unbound, so a broken edit changes nothing.
 */
export async function loadHooks(app: App, opts: HooksOptions): Promise<{ close(): void }> {
  const dir = resolve(opts.dir);
  if (!existsSync(dir)) return { close: () => undefined };
  let current = await loadAll(app, dir, opts.timeoutMs);
  let watcher: FSWatcher | undefined;
  if (opts.dev) {
    let timer: NodeJS.Timeout | undefined;
    let chain = Promise.resolve();
    watcher = watch(dir, () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        chain = chain.then(async () => {
          try {
            const next = await loadAll(app, dir, opts.timeoutMs);
            for (const api of current) api.unbindAll();
            current = next;
            opts.log?.(`hooks reloaded from ${dir}`);
          } catch (err) {
            opts.log?.(`hooks not reloaded, previous hooks keep serving: ${(err as Error).message}`);
          }
        });
      }, reloadDebounceMs);
    });
  }
  return {
    close() {
      watcher?.close();
      for (const api of current) api.unbindAll();
    },
  };
}
