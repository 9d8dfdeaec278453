import { FaultlineError } from '../../../shared/contract/errors.js';

/** Why an import refused a model; tests and callers can tell the cases apart without parsing text. */
export type RefusalReason =
  | 'not_onnx'
  | 'ort_load'
  | 'dry_run_failed'
  | 'card_missing'
  | 'card_invalid'
  | 'input_mismatch'
  | 'output_missing'
  | 'output_rank'
  | 'output_type'
  | 'output_layout'
  | 'output_kind'
  | 'class_count'
  | 'non_finite'
  | 'not_probabilities'
  | 'external_data'
  | 'embedding'
  | 'already_registered';

export class ModelRefusedError extends FaultlineError {
  constructor(
    readonly reason: RefusalReason,
    detail: string,
  ) {
    super('invalid_input', `The model was refused: ${detail}`);
  }
}

export function refuse(reason: RefusalReason, detail: string): never {
  throw new ModelRefusedError(reason, detail);
}
