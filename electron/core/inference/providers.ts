import type { ExecutionProvider, ProviderRequest } from '../../../shared/contract/domain.js';

/** Best first, per platform; CPU closes every list because it always works. */
const PLATFORM_ORDER: Readonly<Record<string, readonly ExecutionProvider[]>> = {
  linux: ['cuda', 'cpu'],
  win32: ['cuda', 'dml', 'cpu'],
  darwin: ['coreml', 'cpu'],
};

const LABEL: Record<ExecutionProvider, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', cpu: 'CPU' };

export function providerLabel(provider: ExecutionProvider): string {
  return LABEL[provider];
}

/** The providers this onnxruntime build offers on `platform`, in the order 'auto' tries them. */
export function platformProviders(platform: string, backends: readonly { name: string }[]): ExecutionProvider[] {
  const names = new Set(backends.map((b) => b.name));
  return (PLATFORM_ORDER[platform] ?? ['cpu']).filter((p) => p === 'cpu' || names.has(p));
}

/**
 * What to try, in order: the platform's providers for 'auto', or exactly the requested one
 * (a user who names a provider wants to hear when it fails, not to be moved to another).
 */
export function providerCandidates(request: ProviderRequest, platform: string, backends: readonly { name: string }[]): ExecutionProvider[] {
  return request === 'auto' ? platformProviders(platform, backends) : [request];
}
