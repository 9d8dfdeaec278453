const DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: faultline-file:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
];

/**
 * Content-Security-Policy of the renderer in both hosts: own scripts only, no eval, no foreign
 * connections. Sent as a response header by both hosts (the server host's responses, the desktop
 * app's app:// responses) and, as RENDERER_CSP_META, in renderer/index.html's <meta> tag.
 */
export const RENDERER_CSP = DIRECTIVES.join('; ');

/** Directives a browser ignores (with a console warning) when the policy comes from a <meta> tag. */
export const HEADER_ONLY_DIRECTIVES = ['frame-ancestors', 'report-uri', 'sandbox'] as const;

/** The same policy as RENDERER_CSP less the header-only directives: the content of index.html's <meta> tag. */
export const RENDERER_CSP_META = DIRECTIVES.filter(
  (d) => !HEADER_ONLY_DIRECTIVES.some((name) => d === name || d.startsWith(`${name} `)),
).join('; ');

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127(\.\d{1,3}){3}$/.test(host);
}
