import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encode } from 'fast-png';
import sharp from 'sharp';
import { GenerateDescription, GenerateRequest, type SliceGenerator } from '../../shared/slices/generator.js';

/**
 * A generator service speaking the documented HTTP protocol (POST /plan, POST /generate), backed
 * by any in-process generator: what a lab's own local generator would look like from outside.
 * `masks: false` answers without true masks.
 */
export async function startGeneratorService(generator: SliceGenerator, options: { masks?: boolean } = {}): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += String(chunk)));
    req.on('end', () => {
      requests.push(`${req.method} ${req.url}`);
      const answer = async (): Promise<unknown> => {
        if (req.method === 'POST' && req.url === '/plan') return generator.plan(GenerateDescription.parse(JSON.parse(body)));
        if (req.method === 'POST' && req.url === '/generate') {
          const images = await generator.generate(GenerateRequest.parse(JSON.parse(body)));
          return {
            images: await Promise.all(
              images.map(async (image) => ({
                png: (await sharp(image.rgb, { raw: { width: image.width, height: image.height, channels: 3 } }).png().toBuffer()).toString('base64'),
                mask: options.masks === false || !image.mask ? null : Buffer.from(encode({ width: image.width, height: image.height, data: image.mask, channels: 1, depth: 8 })).toString('base64'),
                params: image.params,
              })),
            ),
          };
        }
        throw Object.assign(new Error('no such route'), { status: 404 });
      };
      answer().then(
        (json) => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(json));
        },
        (error: Error & { status?: number }) => {
          res.writeHead(error.status ?? 500, { 'content-type': 'text/plain' });
          res.end(error.message);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
