/** A project image as label files may name it: its path under the folder it was imported from. */
export interface ImageCandidate {
  id: number;
  sourcePath: string;
}

export type ImageMatch =
  | { kind: 'match'; image: ImageCandidate }
  | { kind: 'unmatched' }
  | { kind: 'ambiguous'; candidates: ImageCandidate[] };

/**
 * A path as a list of segments without the file extension; "\" and "/" both separate, and a
 * Cityscapes `_leftImg8bit` suffix is dropped so `x_leftImg8bit.png` and its labels `x` meet.
 */
export function pathKey(path: string): string[] {
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  const last = segments.pop() ?? '';
  const stem = last.replace(/\.[A-Za-z0-9]{1,5}$/, '').replace(/_leftImg8bit$/, '');
  return [...segments, stem];
}

/**
 * Finds the project image a label file names: the image whose path shares the most trailing
 * segments with the reference (the same relative path first, then the same folder and name, and
 * so on down to the file name alone, extension ignored). Two images tied for the best are ambiguous.
 */
export class ImageMatcher {
  private readonly byStem = new Map<string, Array<{ image: ImageCandidate; key: string[] }>>();

  constructor(images: readonly ImageCandidate[]) {
    for (const image of images) {
      const key = pathKey(image.sourcePath);
      const stem = key.at(-1)!;
      const list = this.byStem.get(stem) ?? [];
      list.push({ image, key });
      this.byStem.set(stem, list);
    }
  }

  match(ref: string): ImageMatch {
    const key = pathKey(ref);
    const candidates = this.byStem.get(key.at(-1)!) ?? [];
    if (candidates.length === 0) return { kind: 'unmatched' };
    let best = 0;
    let winners: ImageCandidate[] = [];
    for (const c of candidates) {
      let shared = 0;
      while (shared < key.length && shared < c.key.length && key[key.length - 1 - shared] === c.key[c.key.length - 1 - shared]) shared++;
      if (shared > best) {
        best = shared;
        winners = [c.image];
      } else if (shared === best) winners.push(c.image);
    }
    return winners.length === 1 ? { kind: 'match', image: winners[0]! } : { kind: 'ambiguous', candidates: winners };
  }
}
