import type { AnnotationSession, ClassInfo, MaskSource, Person } from '../../../../shared/contract/domain.js';
import type { Client } from '../../../../shared/client/createClient.js';
import type { EditorMode } from '../../editor/editorStore.js';
import { UNLABELLED } from '../../../../shared/labels/unlabelled.js';
import { decodeMask } from '../../editor/maskTransfer.js';

export interface LoadedWorkspace {
  session: AnnotationSession;
  classes: ClassInfo[];
  width: number;
  height: number;
  labels: Uint8Array;
  /** What the mask on screen started from (stored with drafts and versions). */
  origin: string;
  /** Active time already spent on this version (from the draft). */
  timeMs: number;
  /** Review mode: the version under review. */
  reviewedId: number | null;
  restoredDraft: boolean;
}

export async function loadMaskFrom(client: Client, source: MaskSource): Promise<Uint8Array> {
  return decodeMask(await client.call('annotations.loadMask', source));
}

/**
 * What the editor opens with. Labelling: the person's draft if there is one (a crash or a
 * closed tab loses nothing), else the newest version (a returned mask to fix), else the best
 * starting point the project has (ground truth, then the target's prediction), else scratch.
 * Reviewing: the newest version, read-only.
 * A lab member labelling first takes the image's lease, so nobody else labels it meanwhile; an
 * image someone else holds is refused with their name.
 */
export async function loadWorkspace(client: Client, imageId: number, mode: EditorMode, person: Person, leased: boolean): Promise<LoadedWorkspace> {
  if (leased && mode !== 'review') await client.call('annotations.claim', { imageId });
  const [session, classes] = await Promise.all([client.call('annotations.open', { imageId, authorId: person.id }), client.call('classes.list')]);
  const width = session.image.width!;
  const height = session.image.height!;
  const base = { session, classes, width, height, reviewedId: null, restoredDraft: false, timeMs: 0 };
  if (mode === 'review') {
    const latest = session.latest;
    if (!latest || latest.status !== 'submitted') throw new Error('This image has no submitted version waiting for review.');
    if (latest.authorId === person.id) throw new Error('You made this version; someone else has to review it.');
    const labels = await loadMaskFrom(client, { kind: 'annotation', annotationId: latest.id });
    return { ...base, labels, origin: `annotation:${latest.id}`, reviewedId: latest.id };
  }
  if (session.draft) {
    const labels = await loadMaskFrom(client, { kind: 'draft', imageId, authorId: person.id });
    return { ...base, labels, origin: session.draft.origin, timeMs: session.draft.timeMs, restoredDraft: true };
  }
  const start = session.starts[0];
  if (start) return { ...base, labels: await loadMaskFrom(client, start.source), origin: start.origin };
  return { ...base, labels: new Uint8Array(width * height).fill(UNLABELLED), origin: 'scratch' };
}
