import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { App } from '../../app/app.js';

/** The built admin UI (web/admin/dist), committed so `npm install && npm start` needs no build. */
// Three folders below the project root, as the prebuilt bundle (node_modules/.cache/plinth/) is.
export const dashboardDir = fileURLToPath(new URL('../../../web/admin/dist/', import.meta.url));

// Hashed file names change with content, so browsers may keep them for a year.
const assetCacheSeconds = 365 * 24 * 3600;

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

// The UI only talks to its own origin; images may be file previews from any storage URL.
const csp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob: http: https:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/**
 * GET /_      redirect to /_/
 * GET /_/     the dashboard's index.html (hash routes: #/collections, #/pbinstall/<token>, …)
 * GET /_/*    its static files; `assets/` cached for a year
 */
export function dashboardRoutes(server: FastifyInstance, _app: App): void {
  server.get('/_', async (_req, reply) => reply.redirect('/_/', 301));
  server.get('/_/', async (_req, reply) => sendFile(reply, 'index.html'));
  server.get<{ Params: { '*': string } }>('/_/*', async (req, reply) => sendFile(reply, req.params['*']));
}

async function sendFile(reply: FastifyReply, rel: string) {
  const path = safePath(rel);
  if (!path || !existsSync(path)) {
    reply.status(404).header('content-type', 'text/plain; charset=utf-8');
    return reply.send(rel === 'index.html' ? 'The dashboard is not built: run `npm run build:admin`.' : 'Not Found');
  }
  const isAsset = rel.startsWith('assets/');
  reply
    .header('content-type', contentTypes[extname(path)] ?? 'application/octet-stream')
    .header('cache-control', isAsset ? `public, max-age=${assetCacheSeconds}, immutable` : 'no-cache')
    .header('content-security-policy', csp);
  return reply.send(await readFile(path));
}

/** A path inside the dashboard folder, or undefined for anything that would leave it. */
function safePath(rel: string): string | undefined {
  const path = normalize(join(dashboardDir, decodeURIComponent(rel)));
  return path.startsWith(dashboardDir.endsWith(sep) ? dashboardDir : dashboardDir + sep) ? path : undefined;
}
