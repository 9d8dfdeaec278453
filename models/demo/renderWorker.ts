import { parentPort } from 'node:worker_threads';
import { renderWorldImage, type RenderTask } from './renderTask.js';

/** Worker thread: renders the tasks it is sent, one reply per task, pixels transferred. */
const port = parentPort;
if (!port) throw new Error('renderWorker must run in a worker thread');
port.on('message', (task: RenderTask) => {
  renderWorldImage(task).then(
    (image) => port.postMessage({ ok: true, image }, [image.rgb.buffer as ArrayBuffer, image.mask.buffer as ArrayBuffer]),
    (error: unknown) => port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) }),
  );
});
