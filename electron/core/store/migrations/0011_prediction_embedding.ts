/**
 * A model whose card names an embedding tensor has it pooled at inference (one float32 per
 * channel) and stored with the prediction, so slice discovery reads it instead of running the
 * model again. NULL for every other prediction, and for those written before.
 */
export const migration0011 = `
ALTER TABLE predictions ADD COLUMN embedding BLOB;
`;
