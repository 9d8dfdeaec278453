import type { ModelCard } from '../../../shared/models/modelCard.js';
import { refuse } from './modelRefusal.js';
import type { GraphDim, GraphTensor, OnnxModelInfo } from './onnxModelInfo.js';

function shape(dims: GraphDim[]): string {
  return dims.map((d) => (d === null ? '?' : String(d))).join('×');
}

function fits(dim: GraphDim | undefined, size: number): boolean {
  return typeof dim !== 'number' || dim === size;
}

function checkInput(input: GraphTensor, card: ModelCard): void {
  const { tensorName, layout, width, height } = card.input;
  if (input.elemType !== null && input.elemType !== 'FLOAT') {
    refuse('input_mismatch', `input '${tensorName}' holds ${input.elemType} but the card describes float32.`);
  }
  if (input.dims === null) return;
  if (input.dims.length !== 4) {
    refuse('input_mismatch', `input '${tensorName}' has rank ${input.dims.length} (${shape(input.dims)}); the card describes a rank-4 ${layout} image tensor.`);
  }
  const [c, h, w] = layout === 'NCHW' ? [input.dims[1], input.dims[2], input.dims[3]] : [input.dims[3], input.dims[1], input.dims[2]];
  if (!fits(c, 3)) refuse('input_mismatch', `input '${tensorName}' is ${shape(input.dims)}: ${c} channels where the card's ${layout} layout needs 3.`);
  if (!fits(h, height) || !fits(w, width)) {
    refuse('input_mismatch', `input '${tensorName}' is ${shape(input.dims)} but the card says ${layout} with height ${height} and width ${width}.`);
  }
}

function checkOutput(output: GraphTensor, card: ModelCard): void {
  const { tensorName } = card.output;
  if (output.dims === null) return;
  if (output.dims.length !== 4) {
    refuse('output_rank', `output '${tensorName}' is declared with rank ${output.dims.length} (${shape(output.dims)}); a score map has rank 4 (N, K, H, W).`);
  }
  if (!fits(output.dims[1], card.classes.length)) {
    refuse('class_count', `output '${tensorName}' is declared with ${output.dims[1]} channels (${shape(output.dims)}) but the card lists ${card.classes.length} classes.`);
  }
}

/**
 * Checks the declared graph against the card before anything runs: every graph input must be
 * the one the card describes, with its layout and size; the card's output must exist. Returns
 * the graph's fixed batch size, or null when the batch dimension is free.
 */
export function checkGraph(info: OnnxModelInfo, card: ModelCard): { fixedBatch: number | null } {
  const { tensorName } = card.input;
  const names = info.inputs.map((i) => `'${i.name}'`).join(', ') || 'none';
  const input = info.inputs.find((i) => i.name === tensorName);
  if (!input) refuse('input_mismatch', `the card's input.tensorName '${tensorName}' is not an input of the graph (its inputs: ${names}).`);
  const extra = info.inputs.filter((i) => i.name !== tensorName);
  if (extra.length > 0) {
    refuse('input_mismatch', `the graph has input${extra.length > 1 ? 's' : ''} ${extra.map((i) => `'${i.name}'`).join(', ')} that the card does not describe (it describes only '${tensorName}').`);
  }
  checkInput(input, card);
  const output = info.outputs.find((o) => o.name === card.output.tensorName);
  if (!output) {
    refuse('output_missing', `the card's output.tensorName '${card.output.tensorName}' is not an output of the graph (its outputs: ${info.outputs.map((o) => `'${o.name}'`).join(', ') || 'none'}).`);
  }
  checkOutput(output, card);
  const batch = input.dims?.[0];
  return { fixedBatch: typeof batch === 'number' && batch > 0 ? batch : null };
}
