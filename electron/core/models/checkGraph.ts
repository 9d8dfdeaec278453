import type { ModelCard } from '../../../shared/models/modelCard.js';
import { refuse } from './modelRefusal.js';
import type { OnnxModelInfo } from './onnxModelInfo.js';
import { embeddingMisfit, inputMisfit, outputMisfit, type Misfit } from './tensorFit.js';

function refuseMisfit(misfit: Misfit): void {
  if (misfit) refuse(misfit.reason, misfit.detail);
}

/**
 * Checks the declared graph against the card before anything runs: every graph input must be
 * the one the card describes, with its element type, layout and size; the card's output must
 * exist and be readable as the card's kind and layout; its embedding tensor, when it names
 * one, must be produced by the graph and, where declared, a rank-4 float map. Returns the graph's fixed batch size, or
 * null when the batch dimension is free.
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
  refuseMisfit(inputMisfit(input.elemType, input.dims, card));
  const output = info.outputs.find((o) => o.name === card.output.tensorName);
  if (!output) {
    refuse('output_missing', `the card's output.tensorName '${card.output.tensorName}' is not an output of the graph (its outputs: ${info.outputs.map((o) => `'${o.name}'`).join(', ') || 'none'}).`);
  }
  refuseMisfit(outputMisfit(output.dims, output.elemType, card, 'declared'));
  if (card.embedding) {
    const { tensorName: name } = card.embedding;
    const tensor = info.outputs.find((o) => o.name === name) ?? info.intermediates.find((t) => t.name === name);
    if (!tensor) {
      const maps = info.outputs.filter((o) => o.name !== card.output.tensorName && o.dims?.length === 4).map((o) => `'${o.name}'`);
      refuse(
        'embedding',
        `the card's embedding.tensorName '${name}' is not a tensor of the graph: name a rank-4 feature map that a node of the graph produces${maps.length ? ` (its other rank-4 outputs: ${maps.join(', ')})` : ''}, or leave embedding out.`,
      );
    }
    refuseMisfit(embeddingMisfit(tensor.dims, tensor.elemType, card, 'declared'));
  }
  const batch = input.dims?.[0];
  return { fixedBatch: typeof batch === 'number' && batch > 0 ? batch : null };
}
