/**
 * The size a prediction's label map is stored at. A model's labels carry no detail finer than its
 * score map, so storing them at a 20 MP photo's full size costs the pipeline more than the model
 * run for small models (upsampling, class fractions, deflate: about 4 ms per megapixel) and buys
 * nothing. The rule: the image's own size while its longer side is at most
 * max(PREDICTION_MIN_SIDE, PREDICTION_SCORE_FACTOR × the score map's longer side); otherwise the
 * image scaled down, aspect kept, to that longer side. At twice the score map's resolution a
 * boundary upsampled back to full size (nearest) is off by at most a quarter of a score-map pixel.
 */
export const PREDICTION_MIN_SIDE = 1024;
export const PREDICTION_SCORE_FACTOR = 2;

export interface MapSize {
  width: number;
  height: number;
}

export function predictionMapSize(image: MapSize, scoreMap: MapSize): MapSize {
  const bound = Math.max(PREDICTION_MIN_SIDE, PREDICTION_SCORE_FACTOR * Math.max(scoreMap.width, scoreMap.height));
  const longer = Math.max(image.width, image.height);
  if (longer <= bound) return { width: image.width, height: image.height };
  const scale = bound / longer;
  return { width: Math.max(1, Math.round(image.width * scale)), height: Math.max(1, Math.round(image.height * scale)) };
}
