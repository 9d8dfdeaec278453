export { imageThumbnails, listImages, listImportFailures } from '../store/images.js';
