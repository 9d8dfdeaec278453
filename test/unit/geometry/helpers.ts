/** Test helpers for label maps: a seeded generator and a text picture of small maps. */

/** Deterministic uniform [0, 1) generator (LCG), so random cases are the same on every run. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Parses rows of digits ('.' is 0) into a row-major map. */
export function parseMap(rows: readonly string[]): { map: Uint8Array; width: number; height: number } {
  const height = rows.length;
  const width = rows[0]?.length ?? 0;
  const map = new Uint8Array(width * height);
  rows.forEach((row, y) => {
    for (let x = 0; x < width; x++) {
      const ch = row[x] ?? '.';
      map[y * width + x] = ch === '.' ? 0 : Number(ch);
    }
  });
  return { map, width, height };
}

/** Renders a map as rows of digits ('.' for 0), for readable expectations. */
export function renderMap(map: Uint8Array, width: number, height: number): string[] {
  const rows: string[] = [];
  for (let y = 0; y < height; y++) {
    let s = '';
    for (let x = 0; x < width; x++) {
      const v = map[y * width + x] as number;
      s += v === 0 ? '.' : String(v);
    }
    rows.push(s);
  }
  return rows;
}
