/**
 * The renderer's static files (renderer/dist), with the SPA fallback to index.html and the security
 * headers every response of this server carries.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * The page may load only its own scripts and styles and talk only to this server. font-src and the
 * closing directives match the renderer's own meta CSP (ag-grid embeds its icon font as data:).
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The file under `root` for a URL path, or undefined when it would leave `root` or does not exist. */
export function staticFilePath(root: string, urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const abs = resolve(root, `.${sep}${normalize(decoded).replace(/^([/\\])+/, '')}`);
  if (abs !== resolve(root) && !abs.startsWith(resolve(root) + sep)) return undefined;
  try {
    return statSync(abs).isFile() ? abs : undefined;
  } catch {
    return undefined;
  }
}

export function serveStatic(root: string, urlPath: string, res: ServerResponse, headOnly = false): void {
  let file = staticFilePath(root, urlPath);
  // Client-side routes (no file extension) get the app; a missing asset is a real 404.
  if (!file && !extname(urlPath)) file = staticFilePath(root, '/index.html');
  if (!file) {
    const index = join(root, 'index.html');
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(existsSync(index) ? 'Not found' : `The app is not built: ${index} is missing. Run "npx vite build --config renderer/vite.config.ts".`);
    return;
  }
  const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
  const immutable = /[/\\]assets[/\\]/.test(file);
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': statSync(file).size,
    // index.html must be fetched again after a rebuild; hashed assets never change.
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
  });
  if (headOnly) res.end();
  else createReadStream(file).pipe(res);
}
