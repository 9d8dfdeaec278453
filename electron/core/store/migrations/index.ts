import { migration0001 } from './0001_initial.js';
import { migration0002 } from './0002_mining.js';
import { migration0003 } from './0003_image_import.js';
import { migration0004 } from './0004_label_quality.js';
import { migration0005 } from './0005_error_classes.js';
import { migration0006 } from './0006_slices.js';
import { migration0007 } from './0007_embedders_and_captions.js';
import { migration0008 } from './0008_discrepancy_settings.js';
import { migration0009 } from './0009_model_data_files.js';
import { migration0010 } from './0010_prediction_map_size.js';
import { migration0011 } from './0011_prediction_embedding.js';
import { migration0012 } from './0012_merge_identities.js';
import { migration0013 } from './0013_sign_ins.js';
import { migration0014 } from './0014_dicom.js';
import { migration0015 } from './0015_scale_layout.js';
import { migration0016 } from './0016_remote_models.js';
import { migration0017 } from './0017_scale_queries.js';
import { migration0018 } from './0018_image_browse.js';
import { migration0019 } from './0019_image_name_search.js';

/**
 * Numbered migrations, oldest first: file NNNN brings a project from schema NNNN−1 to NNNN.
 * Append only: a shipped migration is never edited.
 */
export const migrations: readonly string[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006, migration0007, migration0008, migration0009, migration0010, migration0011, migration0012, migration0013, migration0014, migration0015, migration0016, migration0017, migration0018, migration0019];

export const LATEST_SCHEMA_VERSION = migrations.length;
