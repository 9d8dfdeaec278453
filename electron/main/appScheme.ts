import type { CustomScheme } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { RENDERER_CSP } from '../platform/securityPolicy.js';
import { contentType, resolveInside } from '../platform/staticFiles.js';

/**
 * The renderer is served from `app://faultline/…` (Electron security guide, "avoid usage of the
 * file protocol and prefer usage of custom protocols"): a standard, secure scheme with an origin of
 * its own, so `'self'` in the CSP, the IPC sender check and navigation checks all mean this app and
 * never any file on the disk.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'faultline';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Registered before the app is ready; protocol.handle serves it with appSchemeResponse. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

/** Headers of every response of the app's own schemes: the CSP travels with each document and worker. */
export function securityHeaders(path: string): Record<string, string> {
  return {
    'content-type': contentType(path),
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
  };
}

const notFound = (): Response => new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });

/** A regular file as a response, or 404 for anything else (missing, a folder, unreadable). */
export async function fileResponse(path: string | null): Promise<Response> {
  if (!path) return notFound();
  try {
    if (!(await stat(path)).isFile()) return notFound();
    return new Response(new Uint8Array(await readFile(path)), { status: 200, headers: securityHeaders(path) });
  } catch {
    return notFound();
  }
}

/**
 * The path of the renderer file an `app://faultline/<path>` request names, resolved inside
 * `rendererDir` only (symlinks out of it and `..` are refused), or null.
 */
export function appSchemePath(requestUrl: string, rendererDir: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let rel: string;
  try {
    rel = decodeURIComponent(url.pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
  return resolveInside(rendererDir, rel === '' ? 'index.html' : rel);
}

/** protocol.handle's answer for the app scheme: read-only GET/HEAD of the built renderer. */
export async function appSchemeResponse(requestUrl: string, rendererDir: string, method = 'GET'): Promise<Response> {
  if (method !== 'GET' && method !== 'HEAD') return new Response('Method not allowed', { status: 405 });
  return fileResponse(appSchemePath(requestUrl, rendererDir));
}
