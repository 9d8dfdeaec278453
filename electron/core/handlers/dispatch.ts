import { FaultlineError, isFaultlineError } from '../../../shared/contract/errors.js';
import { isMethodName, methods } from '../../../shared/contract/methods.js';
import type { CallResult } from '../../../shared/contract/wire.js';
import { systemError } from '../../platform/systemErrors.js';
import type { CallGate } from '../lab/callGate.js';
import type { Credential } from '../lab/credential.js';
import type { HandlerTable } from './handlerTable.js';

function fail(error: FaultlineError): CallResult {
  return { ok: false, error: error.toWire() };
}

/**
 * The single entry for every call from any host: the renderer is untrusted, so the caller's
 * sign-in and roles, the method name and the input are checked here (in that order: someone who
 * may not call a method learns nothing about its input), and any failure becomes a wire error.
 */
export async function dispatch(handlers: HandlerTable, gate: CallGate, method: string, input: unknown, credential: Credential): Promise<CallResult> {
  if (!isMethodName(method)) return fail(new FaultlineError('unknown_method', `There is no method named "${method}".`));
  const spec = methods[method];
  try {
    const caller = gate.admit(method, credential);
    const parsed = spec.input.safeParse(gate.actAs(method, input ?? {}, caller));
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ');
      return fail(new FaultlineError('invalid_input', `Invalid input for ${method}: ${detail}`));
    }
    gate.before(method, parsed.data, caller);
    const handler = handlers[method] as (value: unknown, caller: unknown) => unknown;
    const value = await handler(parsed.data, caller);
    const checked = spec.output.safeParse(value);
    if (!checked.success) {
      return fail(new FaultlineError('internal', `${method} produced output outside the contract: ${checked.error.message}`));
    }
    gate.after(method, parsed.data, caller, checked.data as never);
    return { ok: true, value: checked.data };
  } catch (error) {
    if (isFaultlineError(error)) return fail(error);
    const resource = systemError(error);
    if (resource) return fail(resource);
    const message = error instanceof Error ? error.message : String(error);
    return fail(new FaultlineError('internal', `${method} failed: ${message}`));
  }
}
