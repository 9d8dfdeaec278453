import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import type { CandidateView } from '../../../../shared/contract/methods/miningMethods.js';
import { imageDisplayName } from '../../../../shared/images/displayName.js';
import { useMemo } from 'react';
import { useClient } from '../../hooks/clientContext.js';
import { paletteOf } from '../../overlay/labelMapOverlay.js';
import { ModelPairOverlay } from '../../overlay/ModelPairOverlay.js';
import { usePrediction } from '../../overlay/usePrediction.js';
import { TableHead } from '../../widgets/TableHead.js';

/** One candidate: the image and every reason it was picked (pair, defender, class, rank, d). */
export function CandidateDetail({
  candidate,
  models,
  classes,
  targetId,
  competitorIds,
}: {
  candidate: CandidateView;
  models: ModelSummary[];
  classes: ClassInfo[];
  targetId: number | null;
  competitorIds: number[];
}) {
  const client = useClient();
  const palette = useMemo(() => paletteOf(classes), [classes]);
  const top = candidate.reasons.find((r) => r.strategy === 'mad');
  const rivalId = top && top.strategy === 'mad' ? top.competitorModelId : (competitorIds[0] ?? null);
  const target = usePrediction(client, candidate.imageId, targetId);
  const rival = usePrediction(client, candidate.imageId, rivalId);
  const modelName = (id: number) => {
    const m = models.find((x) => x.id === id);
    return m ? `${m.name} ${m.version}` : `model ${id}`;
  };
  const className = (id: number) => classes.find((c) => c.id === id)?.name ?? `class ${id}`;
  const name = imageDisplayName(candidate);
  return (
    <section className="candidate-detail" data-testid="candidate-detail">
      <h2 title={name}>
        #{candidate.rank} · {name}
      </h2>
      <ModelPairOverlay
        src={client.transport.fileUrl(candidate.relPath)}
        palette={palette}
        opacity={0.55}
        first={{ mask: target, label: `Target: ${targetId === null ? '—' : modelName(targetId)}`, testId: 'mining-target' }}
        second={rivalId === null ? null : { mask: rival, label: `Competitor: ${modelName(rivalId)}`, testId: 'mining-rival' }}
      />
      <table className="grid-table">
        <TableHead columns={['Why', 'Defender', 'Class', 'Rank', 'Score']} />
        <tbody>
          {candidate.reasons.map((r, i) =>
            r.strategy === 'mad' ? (
              <tr key={i}>
                <td>
                  {modelName(r.targetModelId)} vs {modelName(r.competitorModelId)}
                </td>
                <td>{modelName(r.defenderModelId)}</td>
                <td>{className(r.classId)}</td>
                <td>{r.rank}</td>
                <td>d = {r.d.toFixed(3)}</td>
              </tr>
            ) : (
              <tr key={i}>
                <td>{r.strategy} baseline</td>
                <td>—</td>
                <td>—</td>
                <td>{r.rank}</td>
                <td>{r.score.toFixed(3)}</td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </section>
  );
}
