/**
 * The window's security rules as plain functions (tested without Electron): which URLs are the app,
 * which external links may open in the user's browser, and the Content-Security-Policy.
 */

/** The app is served from this custom, privileged scheme (not file://, which would trust the disk). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'wpa';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Hosts whose https pages the app may open in the user's browser (help and documentation links). */
export const EXTERNAL_LINK_HOSTS = ['learn.microsoft.com', 'docs.microsoft.com', 'portal.azure.com', 'azure.microsoft.com', 'github.com', 'duckdb.org'];

export function isAllowedExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' || u.username || u.password) return false;
    return EXTERNAL_LINK_HOSTS.some((h) => u.hostname === h || u.hostname.endsWith(`.${h}`));
  } catch {
    return false;
  }
}

/** Permissions the page may use: writing to the clipboard (copy rows with headers). Nothing else. */
export const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);
