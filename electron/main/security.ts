import { APP_HOST, APP_SCHEME } from './appScheme.js';

/**
 * IPC is answered only for the app's own page: the sending frame's URL is on the app scheme and
 * host, and it is a main frame (no iframe, even one of ours, may call the core).
 */
export function isTrustedSender(frameUrl: string, isMainFrame: boolean): boolean {
  if (!isMainFrame) return false;
  try {
    const url = new URL(frameUrl);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * The only pages shell.openExternal may open: the links the README documents. Anything else a page
 * asks to open (window.open, target=_blank) is denied and not handed to the operating system.
 */
export const ALLOWED_EXTERNAL_URLS: readonly string[] = [
  'https://huggingface.co/Xenova/clip-vit-base-patch32',
  'https://huggingface.co/Xenova/vit-gpt2-image-captioning',
];

/** The normalized URL to open if `target` is on the allow-list (https, no credentials, exact page), else null. */
export function allowedExternalUrl(target: string): string | null {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  const page = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return ALLOWED_EXTERNAL_URLS.includes(page) ? page : null;
}
