import { describe, expect, it } from 'vitest';
import { planPool } from '../../../electron/core/inference/poolPlan.js';
import { platformProviders, providerCandidates } from '../../../electron/core/inference/providers.js';

const all = [{ name: 'cpu' }, { name: 'cuda' }, { name: 'dml' }, { name: 'coreml' }, { name: 'webgpu' }];

describe('execution providers', () => {
  it('tries the GPU providers of each platform first and CPU last', () => {
    expect(platformProviders('linux', all, true)).toEqual(['cuda', 'cpu']);
    expect(platformProviders('win32', all, true)).toEqual(['cuda', 'dml', 'cpu']);
    expect(platformProviders('darwin', all, true)).toEqual(['coreml', 'cpu']);
    expect(platformProviders('freebsd', all, true)).toEqual(['cpu']);
  });

  it('leaves out what this onnxruntime build lacks', () => {
    expect(platformProviders('win32', [{ name: 'cpu' }, { name: 'dml' }])).toEqual(['dml', 'cpu']);
    expect(platformProviders('darwin', [{ name: 'cpu' }])).toEqual(['cpu']);
  });

  it('skips CUDA under auto while its provider libraries are not installed', () => {
    expect(platformProviders('linux', all, false)).toEqual(['cpu']);
    expect(platformProviders('win32', all, false)).toEqual(['dml', 'cpu']);
  });

  it('uses exactly the provider the user names', () => {
    expect(providerCandidates('cpu', 'linux', all)).toEqual(['cpu']);
    expect(providerCandidates('cuda', 'darwin', [{ name: 'cpu' }])).toEqual(['cuda']);
    expect(providerCandidates('auto', 'linux', all)).toEqual(platformProviders('linux', all));
  });
});

describe('pool plan', () => {
  it('runs one single-threaded worker per core on CPU', () => {
    expect(planPool(2, 'cpu')).toEqual({ workers: 2, threads: 1 });
    expect(planPool(8, 'cpu')).toEqual({ workers: 8, threads: 1 });
  });

  it('gives the cores past eight workers to intra-op threads', () => {
    expect(planPool(16, 'cpu')).toEqual({ workers: 8, threads: 2 });
    expect(planPool(20, 'cpu')).toEqual({ workers: 8, threads: 2 });
  });

  it('spreads the cores over the workers the user asks for', () => {
    expect(planPool(8, 'cpu', { workers: 2 })).toEqual({ workers: 2, threads: 4 });
    expect(planPool(2, 'cpu', { workers: 4 })).toEqual({ workers: 4, threads: 1 });
  });

  it('keeps two workers on a GPU provider', () => {
    expect(planPool(16, 'cuda')).toEqual({ workers: 2, threads: 1 });
  });
});
