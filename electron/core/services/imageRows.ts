export { IMAGE_COLUMNS, toImageSummary, type ImageRow } from '../store/images.js';
