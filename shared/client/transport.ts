import type { CallResult } from '../contract/wire.js';

/**
 * What a renderer needs from a host: send a call, hear events. The Electron preload bridge and
 * the WebSocket client both satisfy it, so the typed client cannot tell them apart.
 */
export interface Transport {
  readonly kind: 'ipc' | 'websocket' | 'in-process';
  invoke(method: string, input: unknown): Promise<CallResult>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
  /** URL the renderer can put in an <img> for a file inside the open project. */
  fileUrl(relPath: string): string;
}
