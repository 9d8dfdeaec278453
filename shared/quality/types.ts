/** Class count and image size shared by every batch of one scoring run. */
export interface QualityShape {
  readonly K: number;
  readonly H: number;
  readonly W: number;
}

/** Given labels of n images, (n, H, W) row-major; any integer typed array. */
export type LabelArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Uint32Array | Int32Array;

/** n images: labels (n, H, W) and predicted probabilities (n, K, H, W), both row-major. */
export interface ImageBatch {
  readonly labels: LabelArray;
  readonly probs: Float32Array;
}

/**
 * Labels after validation: a class index, or a value >= K for a pixel that takes no part
 * (the ignore index). Uint8Array when K <= 255, so the kernels see one array type in the common case.
 */
export type WorkingLabels = Uint8Array | Uint16Array;

/**
 * How a D×D block of labels becomes one label when downsampling: `majority` takes the most frequent
 * class (lowest index on ties); `compatible-mean` is the reference's mean of the class indices rounded
 * half to even, kept only to reproduce its results (it turns a half-0/half-2 block into class 1).
 */
export type LabelMode = 'majority' | 'compatible-mean';
export const LABEL_MODES: readonly LabelMode[] = ['majority', 'compatible-mean'];

/** One image as the kernels see it: working labels and probabilities at some offset of a batch. */
export interface ImageView {
  /** Global index of the image. */
  readonly index: number;
  readonly labels: WorkingLabels;
  readonly labelOffset: number;
  /**
   * The one value >= K in `labels` that marks an unlabelled pixel. Any other value >= K is an invalid
   * label the first pass's kernel reports; later passes only skip it (they see data already checked).
   */
  readonly unlabelled: number;
  readonly probs: Float32Array;
  /** The same memory as `probs`, read as bit patterns for the order keys. */
  readonly bits: Uint32Array;
  readonly probOffset: number;
}

/** How an image's score is computed from its pixels' label quality. */
export type ScoreMethod = 'softmin' | 'num_pixel_issues';
export const SCORE_METHODS: readonly ScoreMethod[] = ['softmin', 'num_pixel_issues'];

/** The softmin image score's temperature unless one is given. */
export const DEFAULT_TEMPERATURE = 0.1;
