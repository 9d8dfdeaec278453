import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { ExecutionProvider, ProviderRequest } from '../../../shared/contract/domain.js';

/** Best first, per platform; CPU closes every list because it always works. */
const PLATFORM_ORDER: Readonly<Record<string, readonly ExecutionProvider[]>> = {
  linux: ['cuda', 'cpu'],
  win32: ['cuda', 'dml', 'cpu'],
  darwin: ['coreml', 'cpu'],
};

const LABEL: Record<ExecutionProvider, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', cpu: 'CPU', remote: 'remote (Open Inference Protocol)' };

export function providerLabel(provider: ExecutionProvider): string {
  return LABEL[provider];
}

const CUDA_LIBRARY: Readonly<Record<string, string>> = { linux: 'libonnxruntime_providers_cuda.so', win32: 'onnxruntime_providers_cuda.dll' };

/**
 * Whether onnxruntime-node's CUDA provider libraries were installed (they are not part of the npm
 * package; see the README's GPU set-up). Without them, trying CUDA only fails noisily.
 */
export function cudaLibrariesInstalled(platform: string = process.platform): boolean {
  const library = CUDA_LIBRARY[platform];
  if (!library) return false;
  const packageDir = dirname(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')));
  const binDir = join(packageDir, 'bin');
  if (!existsSync(binDir)) return false;
  return readdirSync(binDir).some((napi) => existsSync(join(binDir, napi, platform, process.arch, library)));
}

/** The providers this onnxruntime build offers on `platform`, in the order 'auto' tries them. */
export function platformProviders(platform: string, backends: readonly { name: string }[], cudaInstalled = cudaLibrariesInstalled(platform)): ExecutionProvider[] {
  const names = new Set(backends.map((b) => b.name));
  return (PLATFORM_ORDER[platform] ?? ['cpu']).filter((p) => p === 'cpu' || (names.has(p) && (p !== 'cuda' || cudaInstalled)));
}

/**
 * What to try, in order: the platform's providers for 'auto', or exactly the requested one
 * (a user who names a provider wants to hear when it fails, not to be moved to another).
 */
export function providerCandidates(request: ProviderRequest, platform: string, backends: readonly { name: string }[]): ExecutionProvider[] {
  return request === 'auto' ? platformProviders(platform, backends) : [request];
}
