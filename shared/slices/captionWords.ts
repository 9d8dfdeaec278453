/**
 * Words that set a slice's captions apart from captions of images outside it: the words a
 * captioner uses for most of the slice's images and clearly less often elsewhere. Each caption
 * counts a word once, so one rambling caption cannot carry a word.
 */
export interface CaptionWord {
  word: string;
  /** Captions in the slice that use the word, of `insideTotal`. */
  inside: number;
  insideTotal: number;
  outside: number;
  outsideTotal: number;
}

/** Function words and the phrases every captioner starts with ("a picture of"). */
const STOPWORDS = new Set(
  'a an the of in on at to with and or is are was were be it its this that there their them they some two three several his her from by for as into near next up down out over under while image photo picture view close shot'.split(' '),
);

export function captionTokens(caption: string): Set<string> {
  return new Set((caption.toLowerCase().match(/[a-z][a-z'-]*/g) ?? []).map((w) => w.replace(/'s$/, '')).filter((w) => w.length > 1 && !STOPWORDS.has(w)));
}

export interface CaptionWordOptions {
  /** Least share of the slice's captions that must use the word. */
  minInsideShare?: number;
  /** Least ratio of the inside share to the outside share (shares smoothed by one caption). */
  minLift?: number;
  limit?: number;
}

export function distinctiveCaptionWords(inside: readonly string[], outside: readonly string[], options: CaptionWordOptions = {}): CaptionWord[] {
  const minShare = options.minInsideShare ?? 0.4;
  const minLift = options.minLift ?? 2;
  const count = (captions: readonly string[]) => {
    const counts = new Map<string, number>();
    for (const c of captions) for (const w of captionTokens(c)) counts.set(w, (counts.get(w) ?? 0) + 1);
    return counts;
  };
  const inCounts = count(inside);
  const outCounts = count(outside);
  const words: CaptionWord[] = [];
  for (const [word, n] of inCounts) {
    const m = outCounts.get(word) ?? 0;
    const insideShare = n / inside.length;
    const lift = insideShare / ((m + 1) / (outside.length + 1));
    if (insideShare >= minShare && lift >= minLift) words.push({ word, inside: n, insideTotal: inside.length, outside: m, outsideTotal: outside.length });
  }
  words.sort((a, b) => b.inside - a.inside || a.outside - b.outside || a.word.localeCompare(b.word));
  return words.slice(0, options.limit ?? 5);
}

/** "captions mention night (5 of 6; 1 of 16 elsewhere), fog (…)", or null when no word stands out. */
export function captionSummary(words: readonly CaptionWord[]): string | null {
  if (words.length === 0) return null;
  return `captions mention ${words.map((w) => `${w.word} (${w.inside} of ${w.insideTotal}; ${w.outside} of ${w.outsideTotal} elsewhere)`).join(', ')}`;
}
