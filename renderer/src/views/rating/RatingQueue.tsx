import { useEffect, useRef, useState } from 'react';
import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import type { AcrScore } from '../../../../shared/rating/meanOpinionScore.js';
import { useClient } from '../../hooks/clientContext.js';
import { ModelPairOverlay } from '../../overlay/ModelPairOverlay.js';
import { RATING_KEYS, SCORE_LABELS } from './ratingKeys.js';
import { NO_ZOOM, zoomByWheel, zoomStep, type Zoom } from '../../overlay/zoom.js';
import { typingInField } from '../../hooks/typingInField.js';
import { KeyTable } from '../../widgets/KeyTable.js';
import { useRatingQueue } from './useRatingQueue.js';
import { useDicomWindow } from '../../dicom/useDicomWindow.js';
import { useWindowDrag } from '../../dicom/useWindowDrag.js';
import { WindowControls, WindowUnavailable } from '../../dicom/WindowControls.js';

/** One candidate of the set at a time, everything by keyboard; the next images are fetched and decoded ahead. */
export function RatingQueue({
  setId,
  rater,
  signedIn,
  classes,
  models,
  onChangeRater,
}: {
  setId: number;
  rater: string;
  /** A lab member: images are handed out to them (leases), and they cannot rate under another name. */
  signedIn: boolean;
  classes: ClassInfo[];
  models: ModelSummary[];
  onChangeRater(): void;
}) {
  const client = useClient();
  const { queue, items, item, index, next, previous, competitorId, compareNext, target, rival, palette, record, undo, saving } = useRatingQueue(
    setId,
    rater,
    classes,
    signedIn,
  );
  const [showOverlay, setShowOverlay] = useState(true);
  const [opacity, setOpacity] = useState(0.5);
  const [keysOpen, setKeysOpen] = useState(false);
  const [zoom, setZoom] = useState<Zoom>(NO_ZOOM);
  // Each image starts whole: a zoom chosen for one spot means nothing on the next image.
  const imageKey = item?.imageId;
  useEffect(() => setZoom(NO_ZOOM), [imageKey]);
  const { windowing, unavailable: windowUnavailable } = useDicomWindow(item?.imageId ?? null, item?.width ?? null, item?.height ?? null);
  const images = useRef<HTMLDivElement>(null);
  useWindowDrag(images, windowing, true);

  // The handler is replaced on every render, so a key pressed right after a rating or an undo acts
  // on the image now shown, not on the one a listener registered an effect earlier still holds.
  const onKeyRef = useRef<(event: KeyboardEvent) => void>(() => undefined);
  onKeyRef.current = (event: KeyboardEvent) => {
    if (typingInField(event.target) || event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key;
    if (/^[1-5]$/.test(key)) record(Number(key) as AcrScore);
    else if (key === '0' || key === 'o' || key === 'O') record(null);
    else if (key === 'ArrowRight') next();
    else if (key === 'ArrowLeft') previous();
    else if (key === 'Backspace') undo();
    else if (key === ' ') setShowOverlay((v) => !v);
    else if (key === 'Tab') compareNext();
    else if (key === '+' || key === '=') setOpacity((o) => Math.min(1, o + 0.1));
    else if (key === '-') setOpacity((o) => Math.max(0, o - 0.1));
    else if (key === 'z' || key === 'Z') setZoom(zoomStep);
    else if (key === 'w' && windowing) windowing.step(1);
    else if (key === 'W' && windowing) windowing.reset();
    else if (key === '?') setKeysOpen((v) => !v);
    else if (key === 'Escape') setKeysOpen(false);
    else return;
    event.preventDefault();
    event.stopImmediatePropagation();
  };
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => onKeyRef.current(event);
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);

  if (!queue) return null;
  if (items.length === 0) return <p className="empty">The candidate set is empty.</p>;
  const modelName = (id: number | null) => {
    const m = models.find((x) => x.id === id);
    return m ? `${m.name} ${m.version}` : id === null ? '—' : `model ${id}`;
  };
  const mine = queue.progress.raters.find((r) => r.name === rater)?.rated ?? 0;
  const className = (id: number | null) => classes.find((c) => c.id === id)?.name ?? `class ${id}`;

  return (
    <div className="rating-queue" data-testid="rating-queue">
      <div className="row rating-head">
        <span data-testid="rating-position">
          Image {index + 1} of {items.length}
        </span>
        {item && (
          <span className="image-name" title={imageDisplayName(item)}>
            {imageDisplayName(item)}
          </span>
        )}
        <span data-testid="rating-progress">
          {rater}: {mine} / {queue.progress.total} rated
        </span>
        <span className="muted" data-testid="rating-others">
          {queue.progress.raters.filter((r) => r.name !== rater).map((r) => `${r.name} ${r.rated}`).join(' · ')}
        </span>
        {saving && (
          <span className="badge warn rating-saving" data-testid="rating-saving" data-image-id={saving.imageId}>
            Saving {saving.score === null ? 'out of domain' : saving.score} for {saving.name}… waiting for the server to confirm it
          </span>
        )}
        <span className="spacer" />
        {!signedIn && (
          <button type="button" onClick={onChangeRater}>
            Not {rater}?
          </button>
        )}
        <button type="button" onClick={() => setKeysOpen((v) => !v)} title="?">
          Keys
        </button>
      </div>
      {item && (
        <>
          <p className="why" data-testid="rating-why">
            {item.why?.strategy === 'mad'
              ? `Picked because ${modelName(queue.targetId)} and ${modelName(item.why.competitorModelId)} disagree (d = ${item.why.value.toFixed(2)}) on ${className(item.why.classId)}, seen by ${modelName(item.why.defenderModelId)}.`
              : item.why
                ? `Picked by the ${item.why.strategy} baseline (score ${item.why.value.toFixed(3)}).`
                : ''}
            {item.reasonCount > 1 ? ` ${item.reasonCount} reasons in all.` : ''}
          </p>
          {windowing && <WindowControls windowing={windowing} />}
          {windowUnavailable && <WindowUnavailable reason={windowUnavailable} />}
          <div ref={images}>
            <ModelPairOverlay
              src={windowing?.src ?? client.transport.fileUrl(item.relPath)}
              palette={palette}
              opacity={opacity}
              showOverlay={showOverlay}
              first={{ mask: target, label: `Target: ${modelName(queue.targetId)}`, testId: 'rating-target' }}
              second={competitorId === null ? null : { mask: rival, label: `Compared: ${modelName(competitorId)} (Tab)`, testId: 'rating-rival' }}
              zoom={zoom}
              onWheelZoom={(deltaY, x, y) => setZoom((z) => zoomByWheel(z, deltaY, x, y))}
            />
          </div>
          <div className="legend" data-testid="legend">
            {classes.map((c) => (
              <span key={c.id}>
                <i style={{ background: c.color }} /> {c.name}
              </span>
            ))}
            {zoom.scale > 1 && (
              <span className="muted" data-testid="rating-zoom">
                Zoom {Number(zoom.scale.toFixed(2))}× (Z for the next step, back to 1× after 4×)
              </span>
            )}
          </div>
          <div className="score-buttons" role="group" aria-label="Rate the target's segmentation">
            {[1, 2, 3, 4, 5].map((s) => (
              <button type="button" key={s} className={item.myScore === s ? 'chosen' : ''} onClick={() => record(s as AcrScore)}>
                {s} {SCORE_LABELS[s]}
              </button>
            ))}
            <button type="button" className={item.myOutOfDomain ? 'chosen' : ''} onClick={() => record(null)}>
              0 out of domain
            </button>
            <span className="muted" data-testid="rating-mine">
              {item.myOutOfDomain ? 'You: out of domain' : item.myScore ? `You: ${item.myScore}` : 'Not rated by you'}
            </span>
          </div>
        </>
      )}
      {keysOpen && (
        <div className="overlay" role="dialog" aria-label="Rating keys" data-testid="rating-keys" onClick={() => setKeysOpen(false)}>
          <div className="panel">
            <h2>Rating keys</h2>
            <KeyTable keys={RATING_KEYS} />
          </div>
        </div>
      )}
    </div>
  );
}
