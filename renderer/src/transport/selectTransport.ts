import type { Transport } from '../../../shared/client/transport.js';
import { ipcTransport, type PreloadBridge } from './ipcTransport.js';
import { wsTransport } from './wsTransport.js';

declare global {
  interface Window {
    faultline?: PreloadBridge;
  }
}

export class MissingTokenError extends Error {}

/** Electron's preload bridge when present, otherwise the server host's WebSocket with the URL's token. */
export function selectTransport(): Transport {
  if (window.faultline) return ipcTransport(window.faultline);
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token') ?? sessionStorage.getItem('faultline.token');
  if (!token) throw new MissingTokenError('Open the full address printed by `faultline serve`, including ?token=….');
  sessionStorage.setItem('faultline.token', token);
  return wsTransport(url, token);
}
