import { useEffect, useRef, useState } from 'react';
import type { SliceExample } from '../../../../shared/contract/methods/sliceMethods.js';
import { imageDisplayName, imageShortName } from '../../../../shared/images/displayName.js';
import { errorMessage, useClient } from '../../hooks/clientContext.js';
import { inflateLabelMap } from '../../overlay/labelMapOverlay.js';

/** Red where the model is wrong, transparent elsewhere. */
const RED = 0x9e3030e6;

/** One example image of a slice with the pixels the model gets wrong painted over it. */
export function FailureExample({ example, modelId }: { example: SliceExample; modelId: number }) {
  const client = useClient();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setNote(null);
    client
      .call('slices.failureMask', { imageId: example.imageId, modelId })
      .then(async (answer) => {
        if (!live) return;
        if (!answer) {
          setNote('nothing to compare with');
          return;
        }
        const wrong = await inflateLabelMap(answer.mask.data);
        const target = canvas.current;
        if (!live || !target) return;
        target.width = answer.mask.width;
        target.height = answer.mask.height;
        const ctx = target.getContext('2d');
        if (!ctx) return;
        const image = ctx.createImageData(answer.mask.width, answer.mask.height);
        const out = new Uint32Array(image.data.buffer);
        for (let i = 0; i < wrong.length; i++) if (wrong[i]) out[i] = RED;
        ctx.putImageData(image, 0, 0);
        setNote(answer.against === 'reference' ? 'red: wrong against the reference' : `red: disagrees with model ${answer.competitorId}`);
      })
      .catch((error) => live && setNote(errorMessage(error)));
    return () => {
      live = false;
    };
  }, [client, example.imageId, modelId]);

  const name = imageDisplayName(example);
  return (
    <figure className="slice-example" data-testid="slice-example">
      <div className="stack">
        <img src={client.transport.fileUrl(example.relPath)} alt={name} className="pixelated" />
        <canvas ref={canvas} className="pixelated" data-testid="slice-example-overlay" />
      </div>
      <figcaption title={name}>
        {imageShortName(example)} · {example.failed ? 'failed' : 'passed'} · {example.score.toFixed(2)}
        {example.heldOut ? ' · held out' : ''}
        {note && <span className="muted"> · {note}</span>}
      </figcaption>
    </figure>
  );
}
