import type { ViewId } from '../stores/appStore.js';

/** What each view is for in the loop, in the order the sidebar lists them: the help panel's workflow. */
export const WORKFLOW_STEPS: Record<ViewId, string> = {
  pool: 'Import the images to search (the pool) and, if you have them, labelled train and test sets.',
  models: 'Add the target model and its competitors (ONNX files with their cards), map their classes, run inference on the pool.',
  mining: 'Find the pool images where the models disagree most (MAD) and send the top candidates to rating (R).',
  rating: 'Rate how good the target’s prediction is on each candidate (1–5 by keyboard), then confirm S: the failures worth labelling.',
  editor: 'Label the images of S (start from a prediction, fix it, submit) and review each other’s masks.',
  quality: 'Look for likely label mistakes in a labelled set and fix them in the editor.',
  rounds: 'Fine-tune the target on what was labelled, evaluate every model on the test sets and compare them on the leaderboard.',
  errors: 'See which kinds of error each model makes, per class and round.',
  slices: 'Find coherent groups of failures (slices), confirm them on held-out images and rate fresh ones.',
};
