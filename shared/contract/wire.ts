import { z } from 'zod';
import { WireError } from './errors.js';

/** Result envelope used by every transport: errors travel as data, never as thrown host objects. */
export const CallResult = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: WireError }),
]);
export type CallResult = z.infer<typeof CallResult>;

/** WebSocket frames, client → server. */
export const ClientFrame = z.object({
  type: z.literal('call'),
  id: z.number().int().nonnegative(),
  method: z.string().max(100),
  input: z.unknown(),
});
export type ClientFrame = z.infer<typeof ClientFrame>;

/** Names one call across all its attempts, so the server can answer a retry without running the method again. */
export const RequestId = z.uuid();

/**
 * A call frame with its request id. The id is optional on the wire so a client that does not
 * retry (a script, an older tab) still works; its calls are simply never deduplicated.
 */
export const RetriableCallFrame = ClientFrame.extend({ requestId: RequestId.optional() });
export type RetriableCallFrame = z.infer<typeof RetriableCallFrame>;

/** WebSocket frames, server → client. */
export const ServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('result'), id: z.number().int(), result: CallResult }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof ServerFrame>;

/** The IPC channel prefix; the preload forwards nothing outside it. */
export const IPC_INVOKE_CHANNEL = 'faultline:invoke';
export const IPC_EVENT_CHANNEL = 'faultline:event';
