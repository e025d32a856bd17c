/**
 * Who may talk to the local server: only the page it served, on 127.0.0.1.
 *
 * - The per-run token (in the URL fragment, so the browser never sends it on its own) must come as
 *   `Authorization: Bearer …` (calls) or `?token=` (event stream and downloads, where a browser
 *   cannot set headers). Another local page or process does not know it.
 * - The Host header must name this server: a DNS-rebinding page (evil.example resolving to
 *   127.0.0.1) sends its own host name and is refused.
 * - An Origin header, when present, must be this server's own.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const LOOPBACK_HOST = '127.0.0.1';

/** Host header values this server answers to. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`${LOOPBACK_HOST}:${port}`, `localhost:${port}`]);
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  const host = (req.headers.host ?? '').toLowerCase();
  return allowedHosts(port).has(host);
}

export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return [...allowedHosts(port)].some((h) => origin.toLowerCase() === `http://${h}`);
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}
