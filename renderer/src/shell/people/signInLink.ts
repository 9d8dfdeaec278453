/** The address a lab member opens: this server with their own token in place of the admin's. */
export function signInLink(token: string, origin: string = window.location.origin): string {
  return `${origin}/?token=${encodeURIComponent(token)}`;
}
