/**
 * A deterministic test picture for dry runs: smooth colour ramps with a checker pattern, so a
 * model sees both flat areas and edges and every channel varies.
 */
export function syntheticImage(width: number, height: number): Uint8Array {
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      const checker = ((x >> 3) + (y >> 3)) & 1 ? 40 : 0;
      rgb[i] = Math.round((x / Math.max(1, width - 1)) * 215) + checker;
      rgb[i + 1] = Math.round((y / Math.max(1, height - 1)) * 215) + checker;
      rgb[i + 2] = Math.round(((x + y) / Math.max(1, width + height - 2)) * 215) + checker;
    }
  }
  return rgb;
}
