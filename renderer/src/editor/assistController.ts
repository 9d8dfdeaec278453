import type { AssistBox, AssistPoint } from '../../../shared/assist/assistPrompt.js';
import { MAX_ASSIST_POINTS } from '../../../shared/assist/assistPrompt.js';
import { cropFromMask, maskFromCrop, maskFromRuns, runsFromCrop, type CropRuns } from '../../../shared/assist/maskCrop.js';
import type { AssistPaintRule, RectMask } from '../../../shared/assist/paintMask.js';
import type { Client } from '../../../shared/client/createClient.js';
import type { AssistDecodeStages } from '../../../shared/contract/methods/assistMethods.js';
import { floodFill } from '../../../shared/geometry/floodFill.js';
import { UNLABELLED } from '../../../shared/labels/unlabelled.js';
import type { LabelMapEditor } from './labelMapEditor.js';

export type AssistStatus =
  | { state: 'off' }
  | { state: 'encoding'; model: string }
  | { state: 'ready'; model: string; cached: boolean; encodeMs: number | null }
  | { state: 'failed'; model: string; message: string };

/** The object being segmented: its prompts, the region it refines (if any) and the decoder's latest mask. */
export interface AssistObject {
  points: AssistPoint[];
  box: AssistBox | null;
  /** The region of the current class under the first click, seeding the decoder's mask input. */
  refined: RectMask | null;
  /** The decoder's latest mask as run lengths: painted from them, and made a mask only when accepted. */
  preview: CropRuns | null;
  score: number | null;
  /** A decode is on its way. */
  pending: boolean;
}

/**
 * One click's way to its preview, performance.now() times: the click handled, the request sent,
 * the answer in, its mask unpacked (the overlay stamps the paint), and the core's own stages.
 */
export interface AssistClickTiming {
  clickedAt: number;
  sentAt: number;
  answeredAt: number;
  unpackedAt: number;
  stages: AssistDecodeStages;
}

/**
 * One Enter's way into the label map, performance.now() times: accept called, the whole mask in
 * (at once for a preview at full resolution), unpacked, and applied to the label map.
 */
export interface AssistAcceptTiming {
  acceptedAt: number;
  answeredAt: number;
  unpackedAt: number;
  appliedAt: number;
}

/** Click and accept timings kept for the probe and the benchmark. */
const TIMINGS_KEPT = 200;

const EMPTY: AssistObject = { points: [], box: null, refined: null, preview: null, score: null, pending: false };

/** The connected region of `value` under (x, y), or null when the pixel holds another class. */
function regionAt(labels: Uint8Array, width: number, height: number, x: number, y: number, value: number): RectMask | null {
  if (labels[y * width + x] !== value || value === UNLABELLED) return null;
  const scratch = labels.slice();
  const { dirty } = floodFill(scratch, width, height, x, y, value === 0 ? 1 : 0);
  if (!dirty) return null;
  const bits = new Uint8Array(dirty.width * dirty.height);
  for (let r = 0; r < dirty.height; r++) {
    for (let c = 0; c < dirty.width; c++) {
      const i = (dirty.y + r) * width + dirty.x + c;
      bits[r * dirty.width + c] = scratch[i] !== labels[i] ? 1 : 0;
    }
  }
  return { rect: dirty, bits };
}

/**
 * Click-to-segment on the open image: asks the core to encode it (never waited on by the editor:
 * the status says when clicks can start), sends one object's prompts per click, keeps the latest
 * mask as a preview outside history, and paints it as one undoable step on accept. A click that
 * comes while a decode is on its way is sent once that one returns, with every prompt so far.
 */
export class AssistController {
  status: AssistStatus = { state: 'off' };
  object: AssistObject = EMPTY;
  /** The latest clicks' timings whose answer became the preview (for the probe and the benchmark). */
  readonly timings: AssistClickTiming[] = [];
  readonly acceptTimings: AssistAcceptTiming[] = [];
  private readonly listeners = new Set<() => void>();
  private decoding = false;
  private again = false;
  private decodes = 0;
  /** Bumped when an object is accepted or dropped, so an answer for it is not taken for the next one's. */
  private generation = 0;
  private clickedAt = 0;
  private accepting = false;

  constructor(
    private readonly client: Client,
    private readonly editor: LabelMapEditor,
    readonly imageId: number,
  ) {}

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private emit(): void {
    for (const l of this.listeners) l();
  }

  private set(patch: Partial<AssistObject>): void {
    this.object = { ...this.object, ...patch };
    this.emit();
  }

  get model(): string | null {
    return this.status.state === 'off' ? null : this.status.model;
  }

  /** Encodes the image for `model` (and queues `next` behind it) unless that is done or under way. */
  async prepare(model: string, next: readonly number[]): Promise<void> {
    if (this.model === model && (this.status.state === 'ready' || this.status.state === 'encoding')) return;
    this.discard();
    this.status = { state: 'encoding', model };
    this.emit();
    try {
      const r = await this.client.call('assist.prepare', { model, imageId: this.imageId, next: [...next] });
      if (this.model !== model) return;
      this.status = { state: 'ready', model, cached: r.cached, encodeMs: r.encodeMs };
    } catch (error) {
      if (this.model !== model) return;
      this.status = { state: 'failed', model, message: error instanceof Error ? error.message : String(error) };
    }
    this.emit();
  }

  /** Stops the encoding; the editor's manual tools never waited on it. */
  async cancel(): Promise<void> {
    const model = this.model;
    if (!model || this.status.state !== 'encoding') return;
    this.status = { state: 'failed', model, message: 'Encoding cancelled.' };
    this.emit();
    await this.client.call('assist.cancel', { model });
  }

  get ready(): boolean {
    return this.status.state === 'ready';
  }

  /** A click on pixel (x, y); the first positive one inside a region of `classId` refines that region. */
  click(x: number, y: number, positive: boolean, classId: number): boolean {
    if (!this.ready || this.accepting || this.object.points.length >= MAX_ASSIST_POINTS) return false;
    const first = this.object.points.length === 0 && this.object.box === null;
    const refined = first && positive ? regionAt(this.editor.labels, this.editor.width, this.editor.height, x, y, classId) : this.object.refined;
    this.object = { ...this.object, points: [...this.object.points, { x, y, positive }], refined };
    void this.decode();
    return true;
  }

  box(box: AssistBox): boolean {
    if (!this.ready || this.accepting) return false;
    this.object = { ...this.object, box };
    void this.decode();
    return true;
  }

  /** Sends the object's prompts; the new click is shown once its request is on its way, so redrawing never delays the decoder. */
  private async decode(): Promise<void> {
    this.clickedAt = performance.now();
    if (this.decoding) {
      this.again = true;
      this.emit();
      return;
    }
    this.decoding = true;
    try {
      do {
        this.again = false;
        const { points, box, refined } = this.object;
        const model = this.model!;
        const seed = this.decodes === 0 ? (refined ? { region: cropFromMask(refined) } : 'none') : 'previous';
        const generation = this.generation;
        const clickedAt = this.clickedAt;
        const sentAt = performance.now();
        const call = this.client.call('assist.decode', { model, imageId: this.imageId, prompt: { points, box }, seed });
        if (!this.object.pending) this.set({ pending: true });
        const r = await call;
        const answeredAt = performance.now();
        if (generation !== this.generation) {
          // The object was accepted or dropped meanwhile: decode the next one's prompts, if it has any yet.
          this.again = this.object.points.length > 0 || this.object.box !== null;
          continue;
        }
        this.decodes++;
        // Latest wins: an answer overtaken by a newer click is not unpacked or shown, the newer one is sent at once.
        if (this.again) continue;
        const preview = r.mask ? runsFromCrop(r.mask) : null;
        this.timings.push({ clickedAt, sentAt, answeredAt, unpackedAt: performance.now(), stages: r.stages });
        if (this.timings.length > TIMINGS_KEPT) this.timings.shift();
        this.set({ preview, score: r.score });
      } while (this.again);
    } catch (error) {
      const model = this.model;
      if (model) this.status = { state: 'failed', model, message: error instanceof Error ? error.message : String(error) };
      this.object = EMPTY;
    } finally {
      this.decoding = false;
      this.set({ pending: false });
    }
  }

  /**
   * Paints the preview with `classId` as one undoable step and starts the next object. A preview
   * that came scaled down (a large photo) is painted from the whole mask, fetched first: the core
   * answers it after every click sent before, so it is the mask of all the object's clicks. Clicks
   * wait for it (a few tens of milliseconds).
   */
  accept(classId: number, rule: AssistPaintRule): boolean {
    const { preview, refined } = this.object;
    if (!preview || this.accepting) return false;
    const acceptedAt = performance.now();
    const apply = (mask: RectMask, answeredAt: number, unpackedAt: number) => {
      this.editor.applyMask(mask, classId, rule, refined);
      this.acceptTimings.push({ acceptedAt, answeredAt, unpackedAt, appliedAt: performance.now() });
      if (this.acceptTimings.length > TIMINGS_KEPT) this.acceptTimings.shift();
    };
    if (preview.scale === 1) {
      apply(maskFromRuns(preview), acceptedAt, performance.now());
      this.discard();
      return true;
    }
    const model = this.model!;
    this.accepting = true;
    const whole = this.client.call('assist.mask', { model, imageId: this.imageId });
    this.discard();
    void whole
      .then(
        ({ mask }) => {
          const answeredAt = performance.now();
          if (mask) apply(maskFromCrop(mask), answeredAt, performance.now());
        },
        (error: unknown) => {
          this.status = { state: 'failed', model, message: error instanceof Error ? error.message : String(error) };
        },
      )
      .finally(() => {
        this.accepting = false;
        this.emit();
      });
    return true;
  }

  /** An accepted object's whole mask is on its way (clicks wait for it). */
  get busy(): boolean {
    return this.accepting;
  }

  /** Drops the object in progress (Esc); nothing was recorded. */
  discard(): boolean {
    const had = this.object.points.length > 0 || this.object.box !== null;
    this.object = EMPTY;
    this.decodes = 0;
    this.generation++;
    this.emit();
    return had;
  }
}
