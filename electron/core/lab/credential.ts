/**
 * What a host knows about who is calling. The desktop (IPC), the CLI and whoever holds the server's
 * run token are the local admin; a lab member connects with their own sign-in token, checked
 * against the open project on every call so a removed or expired sign-in stops at once.
 */
export type Credential = { readonly kind: 'local' } | { readonly kind: 'signIn'; readonly token: string };

export const LOCAL: Credential = { kind: 'local' };
