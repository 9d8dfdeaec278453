import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

/** What an Emscripten module factory of the cornerstone codecs takes. */
interface EmscriptenOptions {
  locateFile: (file: string) => string;
  print: (text: string) => void;
  printErr: (text: string) => void;
}

type Factory<M> = (options: EmscriptenOptions) => Promise<M>;

const loaded = new Map<string, Promise<unknown>>();

/**
 * One WASM codec module per process, instantiated on first use. `entry` is the package's JS
 * loader (its exports map names it); the .wasm beside it is found through the loader's own
 * folder, which also holds inside a packaged app. The codecs' progress lines are dropped: errors
 * reach the caller as exceptions or as a wrong decoded size.
 */
export function loadWasmCodec<M>(entry: string): Promise<M> {
  let module = loaded.get(entry);
  if (!module) {
    const path = require.resolve(entry);
    const factory = require(path) as Factory<M>;
    const silent = (): void => undefined;
    module = factory({ locateFile: (file) => `${dirname(path)}/${file}`, print: silent, printErr: silent });
    // A module that failed to start is tried again on the next frame rather than kept failed.
    module.catch(() => loaded.delete(entry));
    loaded.set(entry, module);
  }
  return module as Promise<M>;
}
