import sharp from 'sharp';
import type { z } from 'zod';
import { FaultlineError } from '../../../shared/contract/errors.js';
import {
  GenerateHttpResponse,
  GeneratorPlanAnswer,
  type GeneratedImage,
  type GenerateDescription,
  type GenerateRequest,
  type SliceGenerator,
} from '../../../shared/slices/generator.js';
import { readMaskPng } from '../images/readMask.js';

/** A plan is a quick answer; generating a batch may take minutes on a local diffusion model. */
const PLAN_TIMEOUT_MS = 30_000;
const GENERATE_TIMEOUT_MS = 15 * 60_000;

async function decodeImage(png: string, index: number): Promise<{ rgb: Uint8Array; width: number; height: number }> {
  try {
    const { data, info } = await sharp(Buffer.from(png, 'base64')).removeAlpha().toColourspace('srgb').raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return { rgb: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height };
  } catch (error) {
    throw new Error(`image ${index + 1} is not a readable PNG: ${(error as Error).message}`);
  }
}

/**
 * A generator running as a local HTTP service (the wire format is documented in
 * shared/slices/generator.ts): the workstation posts the slice's description and gets images,
 * with true masks when the generator knows them.
 */
export class HttpSliceGenerator implements SliceGenerator {
  readonly id: string;
  readonly label: string;
  private readonly base: string;

  constructor(url: string) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new FaultlineError('invalid_input', `'${url}' is not a URL; give the generator service's address, e.g. http://127.0.0.1:8765.`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new FaultlineError('invalid_input', `The generator's address must start with http:// or https://, not ${parsed.protocol}`);
    this.base = parsed.href.replace(/\/+$/, '');
    this.id = `http:${this.base}`;
    this.label = `Generator at ${this.base}`;
  }

  private async post<T>(path: string, body: unknown, schema: z.ZodType<T>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    const url = `${this.base}${path}`;
    const signals = [AbortSignal.timeout(timeoutMs), ...(signal ? [signal] : [])];
    let response: Response;
    try {
      response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.any(signals) });
    } catch (error) {
      signal?.throwIfAborted();
      const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
      throw new FaultlineError('unsupported', `Cannot reach the generator at ${url}: ${cause}. Is the service running?`);
    }
    const text = await response.text();
    if (!response.ok) throw new FaultlineError('unsupported', `The generator at ${url} answered ${response.status}: ${text.slice(0, 200)}`);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new FaultlineError('unsupported', `The generator at ${url} did not answer JSON.`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new FaultlineError('unsupported', `The generator at ${url} answered outside the protocol: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    return parsed.data;
  }

  plan(description: GenerateDescription): Promise<GeneratorPlanAnswer> {
    return this.post('/plan', description, GeneratorPlanAnswer, PLAN_TIMEOUT_MS);
  }

  async generate(request: GenerateRequest, signal?: AbortSignal): Promise<GeneratedImage[]> {
    const answer = await this.post('/generate', request, GenerateHttpResponse, GENERATE_TIMEOUT_MS, signal);
    if (answer.images.length !== request.count) throw new FaultlineError('unsupported', `The generator at ${this.base} returned ${answer.images.length} images for ${request.count} asked.`);
    const images: GeneratedImage[] = [];
    for (const [index, image] of answer.images.entries()) {
      const { rgb, width, height } = await decodeImage(image.png, index);
      let mask: Uint8Array | null = null;
      if (image.mask !== null) {
        try {
          mask = readMaskPng(Buffer.from(image.mask, 'base64'), { width, height });
        } catch (error) {
          throw new FaultlineError('unsupported', `The generator's mask of image ${index + 1} cannot be used: ${(error as Error).message}`);
        }
      }
      images.push({ width, height, rgb, mask, params: image.params });
    }
    return images;
  }
}
