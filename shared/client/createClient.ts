import { FaultlineError } from '../contract/errors.js';
import { events, type EventName, type EventPayload } from '../contract/events.js';
import { methods, type MethodInput, type MethodName, type MethodOutput } from '../contract/methods.js';
import type { Transport } from './transport.js';

export interface Client {
  readonly transport: Transport;
  call<M extends MethodName>(method: M, ...input: {} extends MethodInput<M> ? [MethodInput<M>?] : [MethodInput<M>]): Promise<MethodOutput<M>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Typed client over any transport; it re-validates outputs so a host bug surfaces as a clear error. */
export function createClient(transport: Transport): Client {
  return {
    transport,
    async call(method, ...rest) {
      const spec = methods[method];
      const result = await transport.invoke(method, rest[0] ?? {});
      if (!result.ok) throw FaultlineError.fromWire(result.error);
      const parsed = spec.output.safeParse(result.value);
      if (!parsed.success) {
        throw new FaultlineError('internal', `The host answered ${method} with data outside the contract: ${parsed.error.message}`);
      }
      return parsed.data as MethodOutput<typeof method>;
    },
    on(name, listener) {
      return transport.subscribe((eventName, payload) => {
        if (eventName !== name) return;
        const parsed = events[name].safeParse(payload);
        if (parsed.success) listener(parsed.data as EventPayload<typeof name>);
      });
    },
  };
}
