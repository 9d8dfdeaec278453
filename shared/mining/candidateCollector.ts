import type { Candidate, CandidateReason } from './candidateSet.js';

/**
 * Merges picks into candidates by image content hash: two images with the same content are
 * rated once, and every reason any of them was picked stays attached.
 */
export class CandidateCollector {
  private readonly byHash = new Map<string, { contentHash: string; imageIds: number[]; reasons: CandidateReason[] }>();

  get distinct(): number {
    return this.byHash.size;
  }

  add(contentHash: string, imageId: number, reason: CandidateReason): void {
    let entry = this.byHash.get(contentHash);
    if (entry === undefined) {
      entry = { contentHash, imageIds: [], reasons: [] };
      this.byHash.set(contentHash, entry);
    }
    if (!entry.imageIds.includes(imageId)) entry.imageIds.push(imageId);
    entry.reasons.push(reason);
  }

  /**
   * Candidates ranked 1.. in first-added order, or by `compare` when given (which must be a
   * total order for the output to be deterministic).
   */
  candidates(compare?: (a: Omit<Candidate, 'rank'>, b: Omit<Candidate, 'rank'>) => number): Candidate[] {
    const list: Array<Omit<Candidate, 'rank'>> = [];
    for (const entry of this.byHash.values()) {
      const imageIds = [...entry.imageIds].sort((x, y) => x - y);
      list.push({ contentHash: entry.contentHash, imageId: imageIds[0]!, imageIds, reasons: entry.reasons });
    }
    if (compare !== undefined) list.sort(compare);
    return list.map((c, i) => ({ rank: i + 1, ...c }));
  }
}
