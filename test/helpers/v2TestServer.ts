/**
 * A loopback server of the Open Inference Protocol (KServe v2 REST, with Triton's binary tensor
 * data extension) for ONNX models through onnxruntime-node, written from the published protocol:
 * health, model metadata and readiness, infer in JSON and binary, errors as `{"error": "..."}`
 * with Triton's wording. It can be made slow, refuse with 503, drop connections, or require a
 * bearer token, to test the client against replicas that misbehave. Not a Triton build.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as ort from 'onnxruntime-node';
import { readOnnxModelInfo } from '../../electron/core/models/onnxModelInfo.js';
import { readBody } from '../../electron/core/remote/readBody.js';
import { datatypeOf, decodeInferRequest, encodeInferResponse, HEADER_LENGTH, type Tensor, type TensorData } from '../../electron/core/remote/v2Protocol.js';
import { typeName } from '../../electron/core/models/tensorFit.js';

export interface ServedModel {
  name: string;
  version: string;
  bytes: Uint8Array;
}

/** How a replica misbehaves on infer requests from now on. */
export type Fault = { kind: 'none' } | { kind: 'status'; status: 503 | 429 | 500 } | { kind: 'reset' } | { kind: 'delay'; ms: number };

export interface V2TestServerOptions {
  models: ServedModel[];
  /** Bearer token every request must carry (401 otherwise). */
  token?: string;
  /** Fault to switch to, once, after this many successful infer requests (a replica failing mid-run; setFault mends it). */
  failAfter?: { requests: number; fault: Fault };
  /** onnxruntime intra-op threads per session, as Faultline runs local sessions in the comparison. */
  threads?: number;
  /** Serve https with this PEM key and certificate. */
  tls?: { key: string; cert: string };
}

interface Loaded {
  model: ServedModel;
  session: ort.InferenceSession;
  metadata: { name: string; versions: string[]; platform: string; inputs: unknown[]; outputs: unknown[] };
}

function metadataTensor(t: { name: string; elemType: string | null; dims: Array<number | string | null> | null }): { name: string; datatype: string; shape: number[] } {
  return { name: t.name, datatype: datatypeOf(typeName(t.elemType ?? 'FLOAT')) ?? 'FP32', shape: (t.dims ?? []).map((d) => (typeof d === 'number' && d > 0 ? d : -1)) };
}

export class V2TestServer {
  /** Infer requests answered with outputs, and those refused or dropped by a fault. */
  inferred = 0;
  faulted = 0;
  private fault: Fault = { kind: 'none' };
  private ruleFired = false;

  private constructor(
    private readonly server: http.Server,
    private readonly loaded: Map<string, Loaded>,
    private readonly options: V2TestServerOptions,
  ) {}

  static async start(options: V2TestServerOptions): Promise<V2TestServer> {
    const loaded = new Map<string, Loaded>();
    for (const model of options.models) {
      const session = await ort.InferenceSession.create(model.bytes, {
        executionProviders: ['cpu'],
        intraOpNumThreads: options.threads ?? 1,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      const info = readOnnxModelInfo(model.bytes);
      loaded.set(model.name, {
        model,
        session,
        metadata: { name: model.name, versions: [model.version], platform: 'onnxruntime_onnx', inputs: info.inputs.map(metadataTensor), outputs: info.outputs.map(metadataTensor) },
      });
    }
    let self: V2TestServer | null = null;
    const handler = (request: http.IncomingMessage, response: http.ServerResponse): void => {
      void self!.handle(request, response);
    };
    const server = options.tls ? https.createServer(options.tls, handler) : http.createServer(handler);
    server.keepAliveTimeout = 30_000;
    self = new V2TestServer(server, loaded, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  setFault(fault: Fault): void {
    this.fault = fault;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all([...this.loaded.values()].map((l) => l.session.release()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const header = request.headers[HEADER_LENGTH];
    const headerLength = typeof header === 'string' ? Number(header) : null;
    let body: Buffer;
    try {
      body = await readBody(request, headerLength);
    } catch {
      return;
    }
    const send = (status: number, json: unknown): void => {
      const text = JSON.stringify(json);
      response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    };
    if (this.options.token !== undefined && request.headers.authorization !== `Bearer ${this.options.token}`) {
      send(401, { error: 'Unauthorized: missing or invalid bearer token' });
      return;
    }
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    if (request.method === 'GET' && (path === '/v2/health/ready' || path === '/v2/health/live')) {
      response.writeHead(200, { 'content-length': 0 }).end();
      return;
    }
    const match = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
    if (!match) {
      send(404, { error: 'Not Found' });
      return;
    }
    const name = decodeURIComponent(match[1]!);
    const version = match[2] === undefined ? null : decodeURIComponent(match[2]);
    const served = this.loaded.get(name);
    if (!served || (version !== null && version !== served.model.version)) {
      send(404, { error: `Request for unknown model: '${name}'${version === null ? '' : ` version ${version}`} is not found` });
      return;
    }
    if (request.method === 'GET' && match[3] === undefined) {
      send(200, served.metadata);
      return;
    }
    if (request.method === 'GET' && match[3] === '/ready') {
      response.writeHead(200, { 'content-length': 0 }).end();
      return;
    }
    if (request.method !== 'POST' || match[3] !== '/infer') {
      send(405, { error: 'Method Not Allowed' });
      return;
    }
    await this.infer(served, request, response, body, headerLength, send);
  }

  private async infer(served: Loaded, request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, headerLength: number | null, send: (status: number, json: unknown) => void): Promise<void> {
    const rule = this.options.failAfter;
    if (rule && !this.ruleFired && this.inferred >= rule.requests) {
      this.ruleFired = true;
      this.fault = rule.fault;
    }
    const fault = this.fault;
    if (fault.kind === 'reset') {
      this.faulted++;
      request.socket.destroy();
      return;
    }
    if (fault.kind === 'status') {
      this.faulted++;
      send(fault.status, { error: fault.status === 503 ? 'Service Unavailable: the server is not ready' : fault.status === 429 ? 'Too Many Requests' : 'Internal Server Error' });
      return;
    }
    if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    let decoded;
    try {
      decoded = decodeInferRequest(body, headerLength);
    } catch (error) {
      send(400, { error: (error as Error).message });
      return;
    }
    const feeds: Record<string, ort.Tensor> = {};
    for (const input of decoded.inputs) {
      if (!served.session.inputNames.includes(input.name)) {
        send(400, { error: `unexpected inference input '${input.name}' for model '${served.model.name}'` });
        return;
      }
      feeds[input.name] = new ort.Tensor(input.type, input.data, input.dims);
    }
    const wanted = decoded.outputs.length > 0 ? decoded.outputs : served.session.outputNames.map((name) => ({ name, binary: decoded.binaryInputs }));
    const unknown = wanted.find((o) => !served.session.outputNames.includes(o.name));
    if (unknown) {
      send(400, { error: `unexpected inference output '${unknown.name}' for model '${served.model.name}'` });
      return;
    }
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await served.session.run(feeds, wanted.map((o) => o.name));
    } catch (error) {
      send(400, { error: `onnx runtime error: ${(error as Error).message}` });
      return;
    }
    const outputs = wanted.map((o): Tensor & { binary: boolean } => {
      const t = result[o.name]!;
      return { name: o.name, type: t.type as Tensor['type'], dims: t.dims.map(Number), data: t.data as TensorData, binary: o.binary };
    });
    const encoded = encodeInferResponse(served.model.name, served.model.version, outputs);
    const headers: Record<string, string | number> = { 'content-length': encoded.parts.reduce((sum, part) => sum + part.byteLength, 0) };
    if (encoded.header !== null) {
      headers[HEADER_LENGTH] = encoded.header;
      headers['content-type'] = 'application/octet-stream';
    } else headers['content-type'] = 'application/json';
    this.inferred++;
    response.writeHead(200, headers);
    for (const part of encoded.parts) response.write(part);
    response.end();
  }
}
