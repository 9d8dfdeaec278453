const PROVIDER_LABEL: Record<string, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML', cpu: 'CPU', remote: 'remote server' };

/** How the UI names an onnxruntime execution provider. */
export function providerName(provider: string | null): string {
  return provider === null ? '—' : (PROVIDER_LABEL[provider] ?? provider);
}
