import { withRetries } from './retry.js';
import type { PredictionSource, RemoteTarget } from './remoteTarget.js';
import { V2Client } from './v2Client.js';
import type { Tensor } from './v2Protocol.js';

/**
 * A worker's way to a remote model: one client per replica. `run` calls the replica the host
 * chose, retrying transient failures there with back-off; what still fails is thrown as a
 * RemoteError for the host to send the batch elsewhere.
 */
export class RemoteRunner {
  private readonly clients: V2Client[];

  constructor(private readonly target: RemoteTarget) {
    this.clients = target.endpoints.map((access) => new V2Client(access));
  }

  async run(inputs: readonly Tensor[], fetches: readonly string[], endpoint: number): Promise<{ outputs: Map<string, Tensor>; source: PredictionSource }> {
    const client = this.clients[endpoint];
    if (!client) throw new Error(`there is no endpoint ${endpoint}`);
    const response = await withRetries(() => client.infer(this.target.model, this.target.version, inputs, fetches, this.target.binary));
    return { outputs: new Map(response.outputs.map((t) => [t.name, t])), source: { endpoint: client.url, modelVersion: response.modelVersion } };
  }

  release(): void {
    for (const client of this.clients) client.close();
  }
}
