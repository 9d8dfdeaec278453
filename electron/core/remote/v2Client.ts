import http from 'node:http';
import https from 'node:https';
import { readBody } from './readBody.js';
import { decodeInferResponse, encodeBinaryRequest, encodeJsonRequest, ErrorBody, HEADER_LENGTH, ModelMetadata, type InferResponse, type Tensor } from './v2Protocol.js';

/** One server of the Open Inference Protocol, as a run reaches it. */
export interface EndpointAccess {
  /** Base address, http:// or https://, without a trailing /v2. */
  url: string;
  /** Sent as `Authorization: Bearer …` when given. */
  token: string | null;
  /** PEM certificate(s) trusted for https instead of the system's CAs (a lab's private CA). */
  ca: string | null;
  timeoutMs: number;
}

/** HTTP statuses a replica answers while busy, starting, or behind a proxy that lost it: worth another try. */
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED', 'UND_ERR_SOCKET']);

/** A failed call: `transient` ones (connection lost, refused, timed out, 429/503…) are retried, elsewhere if need be; the others are the server refusing the request. */
export class RemoteError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** REST client of one endpoint: a keep-alive connection pool, the bearer token and CA on every call. */
export class V2Client {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(private readonly access: EndpointAccess) {
    this.base = new URL(access.url.endsWith('/') ? access.url : `${access.url}/`);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new RemoteError(`${access.url} is not an http:// or https:// address`, false);
    this.agent = this.base.protocol === 'https:' ? new https.Agent({ keepAlive: true, ...(access.ca ? { ca: access.ca } : {}) }) : new http.Agent({ keepAlive: true });
  }

  get url(): string {
    return this.access.url;
  }

  /** GET /v2/health/ready: refused unless the server says it is ready. */
  async ready(): Promise<void> {
    const response = await this.call('GET', 'v2/health/ready');
    if (response.status !== 200) throw this.failure(response, 'is not ready');
  }

  async metadata(model: string, version: string | null): Promise<ModelMetadata> {
    const response = await this.call('GET', modelPath(model, version));
    if (response.status !== 200) throw this.failure(response, `has no model ${model}${version === null ? '' : ` version ${version}`}`);
    const parsed = ModelMetadata.safeParse(parseJson(response.body));
    if (!parsed.success) throw new RemoteError(`${this.access.url} answered the metadata of ${model} in an unexpected form: ${parsed.error.issues[0]?.message ?? ''}`, false);
    return parsed.data;
  }

  /** POST …/infer, with the binary tensor extension unless `binary` is false (plain JSON). */
  async infer(model: string, version: string | null, inputs: readonly Tensor[], outputs: readonly string[], binary: boolean): Promise<InferResponse> {
    let body: Uint8Array[];
    const headers: Record<string, string> = {};
    if (binary) {
      const encoded = encodeBinaryRequest(inputs, outputs);
      body = encoded.parts;
      headers[HEADER_LENGTH] = String(encoded.header);
      headers['content-type'] = 'application/octet-stream';
    } else {
      body = [encodeJsonRequest(inputs, outputs)];
      headers['content-type'] = 'application/json';
    }
    const response = await this.call('POST', `${modelPath(model, version)}/infer`, body, headers);
    if (response.status !== 200) throw this.failure(response, 'refused the inference request');
    try {
      return decodeInferResponse(response.body, headerLengthOf(response.headers));
    } catch (error) {
      // A truncated or garbled answer is the line's fault more often than the server's: try again.
      throw new RemoteError(`${this.access.url} sent an unreadable inference response: ${(error as Error).message}`, true);
    }
  }

  close(): void {
    this.agent.destroy();
  }

  private failure(response: RawResponse, what: string): RemoteError {
    const said = ErrorBody.safeParse(parseJson(response.body));
    const reason = said.success ? said.data.error : response.body.toString('utf8').slice(0, 200) || `HTTP ${response.status}`;
    return new RemoteError(`${this.access.url} ${what} (HTTP ${response.status}: ${reason})`, TRANSIENT_STATUS.has(response.status), response.status);
  }

  /** `body`: written part by part (a JSON header, then tensors where they lie), never joined. */
  private call(method: 'GET' | 'POST', path: string, body: readonly Uint8Array[] = [], headers: Record<string, string> = {}): Promise<RawResponse> {
    const url = new URL(path, this.base);
    const transport = url.protocol === 'https:' ? https : http;
    const all: Record<string, string> = { ...headers, accept: 'application/json, application/octet-stream' };
    if (this.access.token) all['authorization'] = `Bearer ${this.access.token}`;
    if (body.length > 0) all['content-length'] = String(body.reduce((sum, part) => sum + part.byteLength, 0));
    return new Promise((resolve, reject) => {
      const request = transport.request(url, { method, headers: all, agent: this.agent }, (response) => {
        readBody(response, headerLengthOf(response.headers)).then(
          (received) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: received }),
          (error: Error) => reject(this.networkError(error)),
        );
      });
      // A request's body goes out in several writes; Nagle's algorithm would hold the last one for the server's delayed ACK.
      request.setNoDelay(true);
      request.setTimeout(this.access.timeoutMs, () => request.destroy(Object.assign(new Error(`no answer within ${this.access.timeoutMs} ms`), { code: 'ETIMEDOUT' })));
      request.on('error', (error) => reject(this.networkError(error)));
      for (const part of body) request.write(part);
      request.end();
    });
  }

  private networkError(error: Error): RemoteError {
    const code = (error as { code?: string }).code ?? '';
    const tls = code.startsWith('ERR_TLS') || code.includes('CERT') || code.startsWith('DEPTH_ZERO');
    const hint = tls ? '; give the server\'s CA certificate with --ca' : '';
    return new RemoteError(`cannot reach ${this.access.url}: ${error.message}${hint}`, TRANSIENT_CODES.has(code) || (!tls && code === ''), null);
  }
}

function headerLengthOf(headers: http.IncomingHttpHeaders): number | null {
  const length = headers[HEADER_LENGTH];
  return typeof length === 'string' ? Number(length) : null;
}

function modelPath(model: string, version: string | null): string {
  const name = `v2/models/${encodeURIComponent(model)}`;
  return version === null ? name : `${name}/versions/${encodeURIComponent(version)}`;
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return null;
  }
}
