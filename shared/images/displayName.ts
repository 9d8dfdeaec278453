/** How the project names its own copy of an image: images/<2 hex>/<content hash>.<ext>. No user chose that name. */
const STORED_COPY = /^images\/[0-9a-f]{2}\/[0-9a-f]{16,}\.[a-z0-9]+$/i;

export interface ImageNameParts {
  imageId: number;
  /** The path the image had in the folder it was imported from; null for images stored without one. */
  sourcePath: string | null;
  /** The project's copy, used only when it is a name someone chose (never a content-addressed copy). */
  relPath?: string | null | undefined;
}

/**
 * The one name people see for an image, in every view and CLI listing: the path it was imported
 * under, else a non-hash project path, else its id. The hash path stays internal.
 */
export function imageDisplayName({ imageId, sourcePath, relPath }: ImageNameParts): string {
  if (sourcePath) return sourcePath;
  if (relPath && !STORED_COPY.test(relPath)) return relPath;
  return `image ${imageId}`;
}

/** The last part of a display name, for places too narrow for the whole path (show the whole one as a tooltip). */
export function imageShortName(parts: ImageNameParts): string {
  const name = imageDisplayName(parts);
  // Imported paths always use '/' (see walkImageFiles).
  return name.slice(name.lastIndexOf('/') + 1) || name;
}
