import { CallResult } from '../../../shared/contract/wire.js';
import type { Transport } from '../../../shared/client/transport.js';

/** What the Electron preload exposes on `window.faultline`; nothing else crosses the bridge. */
export interface PreloadBridge {
  invoke(method: string, input: unknown): Promise<unknown>;
  subscribe(listener: (name: string, payload: unknown) => void): () => void;
}

export function ipcTransport(bridge: PreloadBridge): Transport {
  return {
    kind: 'ipc',
    async invoke(method, input) {
      return CallResult.parse(await bridge.invoke(method, input));
    },
    subscribe: (listener) => bridge.subscribe(listener),
    fileUrl: (relPath) => `faultline-file://project/${relPath.split('/').map(encodeURIComponent).join('/')}`,
  };
}
