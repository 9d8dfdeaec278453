// The only bridge between the sandboxed renderer and the main process. It exposes the contract's
// two operations and nothing else: no ipcRenderer, no channel names chosen by the page.
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;
type IpcRendererEvent = electron.IpcRendererEvent;

const INVOKE = 'faultline:invoke';
const EVENT = 'faultline:event';

contextBridge.exposeInMainWorld('faultline', {
  invoke(method: unknown, input: unknown): Promise<unknown> {
    if (typeof method !== 'string') return Promise.reject(new TypeError('method must be a string'));
    return ipcRenderer.invoke(INVOKE, method, input);
  },
  subscribe(listener: (name: string, payload: unknown) => void): () => void {
    const handler = (_event: IpcRendererEvent, name: string, payload: unknown): void => listener(name, payload);
    ipcRenderer.on(EVENT, handler);
    return () => ipcRenderer.removeListener(EVENT, handler);
  },
});
