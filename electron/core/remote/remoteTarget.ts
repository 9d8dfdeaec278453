import type { EndpointAccess } from './v2Client.js';

/** A model served over the Open Inference Protocol, as a worker reaches it: the same model on one or more replicas. */
export interface RemoteTarget {
  endpoints: EndpointAccess[];
  /** The served model's name, and the version asked for (null: the server's choice, recorded per answer). */
  model: string;
  version: string | null;
  /** The binary tensor data extension; false sends and reads plain JSON. */
  binary: boolean;
}

/** Which replica and served version answered a batch: recorded with each of its predictions. */
export interface PredictionSource {
  endpoint: string;
  modelVersion: string | null;
}
