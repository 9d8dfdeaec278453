import type { MethodName, MethodOutput, MethodParsedInput } from '../../../shared/contract/methods.js';

/** One function per contract method; the type makes a missing or mistyped handler a compile error. */
export type HandlerTable = {
  [M in MethodName]: (input: MethodParsedInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>;
};
