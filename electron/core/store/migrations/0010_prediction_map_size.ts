/**
 * A pool image's prediction is stored at a bounded resolution (shared/labels/predictionMapSize.ts)
 * rather than always at the photo's full size, so each row says the size of its label map.
 * Rows written before hold maps at the image's size: NULL means exactly that.
 */
export const migration0010 = `
ALTER TABLE predictions ADD COLUMN map_width INTEGER;
ALTER TABLE predictions ADD COLUMN map_height INTEGER;
`;
