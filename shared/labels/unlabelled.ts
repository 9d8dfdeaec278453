/** The class id of a pixel without a label (unlabelled, ignored, void, unmapped): the one value every label map uses. */
export const UNLABELLED = 255;
