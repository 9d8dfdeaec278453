import type { PolygonShape, Scene } from './sceneTypes.js';

/** Points of a simple polygon as an SVG subpath, turned counter-clockwise on screen if needed. */
function subpath(points: readonly number[]): string {
  let area = 0;
  const n = points.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) area += points[2 * j]! * points[2 * i + 1]! - points[2 * i]! * points[2 * j + 1]!;
  if (area >= 0) return `M${points.join(' ')}Z`;
  const reversed: number[] = [];
  for (let i = n - 1; i >= 0; i--) reversed.push(points[2 * i]!, points[2 * i + 1]!);
  return `M${reversed.join(' ')}Z`;
}

/**
 * The scene as an SVG document, rendered anti-aliased for the photo. Runs of consecutive
 * polygons with the same paint become one path (far fewer elements to render); every subpath
 * has the same orientation, so under the nonzero rule the path is the union of its polygons,
 * exactly what painting them one by one would cover.
 */
export function sceneToSvg(scene: Scene): string {
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${scene.width}" height="${scene.height}" viewBox="0 0 ${scene.width} ${scene.height}">`,
    `<defs>${scene.defs.join('')}</defs>`,
  ];
  let run: PolygonShape[] = [];
  const flush = (): void => {
    const first = run[0];
    if (first === undefined) return;
    const opacity = first.opacity === undefined ? '' : ` fill-opacity="${first.opacity}"`;
    parts.push(`<path d="${run.map((s) => subpath(s.points)).join('')}" fill="${first.fill}"${opacity}/>`);
    run = [];
  };
  for (const shape of scene.shapes) {
    if (shape.kind === 'glow') {
      flush();
      parts.push(`<circle cx="${shape.cx}" cy="${shape.cy}" r="${shape.r}" fill="url(#${shape.gradientId})"/>`);
      continue;
    }
    const first = run[0];
    if (first !== undefined && (first.fill !== shape.fill || first.opacity !== shape.opacity)) flush();
    run.push(shape);
  }
  flush();
  parts.push('</svg>');
  return parts.join('');
}
