const SUFFIX = /\+ft(\d+)$/;

/**
 * The version of a model fine-tuned from `parent`: "1.0.0" → "1.0.0+ft1", "1.0.0+ft1" →
 * "1.0.0+ft2", skipping versions already taken (a sibling fine-tuned from the same parent).
 */
export function nextVersion(parent: string, taken: ReadonlySet<string>): string {
  const match = SUFFIX.exec(parent);
  const base = match ? parent.slice(0, match.index) : parent;
  let n = match ? Number(match[1]) + 1 : 1;
  while (taken.has(`${base}+ft${n}`)) n++;
  return `${base}+ft${n}`;
}
