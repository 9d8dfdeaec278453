import type { AnnotationVersion, ImageSummary } from '../../../shared/contract/domain.js';
import { FaultlineError } from '../../../shared/contract/errors.js';
import { imageDisplayName } from '../../../shared/images/displayName.js';
import type { Db } from '../store/openProjectDb.js';
import { annotationById } from '../store/annotations.js';
import { imageSummary } from '../store/images.js';
import { personName } from '../store/people.js';
import { listClasses } from '../store/classes.js';

/** Kept for the annotation handlers, which import it from here. */

export function requireAnnotation(db: Db, id: number): AnnotationVersion {
  const found = annotationById(db, id);
  if (!found) throw new FaultlineError('not_found', `There is no annotation ${id}.`);
  return found;
}

export function requireImage(db: Db, imageId: number): ImageSummary {
  const image = imageSummary(db, imageId);
  if (!image) throw new FaultlineError('not_found', `There is no image ${imageId}.`);
  return image;
}

/** An image the editor can label: imported without error and with a known size. */
export function requireEditableImage(db: Db, imageId: number): ImageSummary & { width: number; height: number } {
  const image = requireImage(db, imageId);
  const name = imageDisplayName({ imageId, ...image });
  if (image.status !== 'ok') throw new FaultlineError('invalid_input', `Cannot label ${name}: it failed to import.`);
  if (image.width === null || image.height === null) {
    throw new FaultlineError('invalid_input', `Cannot label ${name}: its size is unknown; import it again first.`);
  }
  return { ...image, width: image.width, height: image.height };
}

export function requirePerson(db: Db, personId: number, role: string): string {
  const name = personName(db, personId);
  if (name === null) throw new FaultlineError('not_found', `There is no ${role} with id ${personId}; pick your name again.`);
  return name;
}

export function projectClassIds(db: Db): Set<number> {
  return new Set(listClasses(db).map((c) => c.id));
}

export function nowIso(): string {
  return new Date().toISOString();
}
