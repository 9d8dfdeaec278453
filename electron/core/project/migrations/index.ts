import { migration0001 } from './0001_initial.js';
import { migration0002 } from './0002_image_import.js';
import { migration0005 } from './0005_mining.js';
import { migration0006 } from './0006_label_quality.js';
import { migration0007 } from './0007_error_classes.js';
import { migration0008 } from './0008_slices.js';

/**
 * Numbered migrations, oldest first. Migration n brings a project from schema n-1 to n.
 * Append only: a shipped migration is never edited.
 */
export const migrations: readonly string[] = [migration0001, migration0005, migration0002, migration0006, migration0007, migration0008];

export const LATEST_SCHEMA_VERSION = migrations.length;
