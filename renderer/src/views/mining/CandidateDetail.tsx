import type { ClassInfo, ModelSummary } from '../../../../shared/contract/domain.js';
import type { CandidateView } from '../../../../shared/contract/methods/miningMethods.js';
import { useClient } from '../../clientContext.js';

/** One candidate: the image and every reason it was picked (pair, defender, class, rank, d). */
export function CandidateDetail({ candidate, models, classes }: { candidate: CandidateView; models: ModelSummary[]; classes: ClassInfo[] }) {
  const client = useClient();
  const modelName = (id: number) => {
    const m = models.find((x) => x.id === id);
    return m ? `${m.name} ${m.version}` : `model ${id}`;
  };
  const className = (id: number) => classes.find((c) => c.id === id)?.name ?? `class ${id}`;
  return (
    <section className="candidate-detail" data-testid="candidate-detail">
      <h2>
        #{candidate.rank} · image {candidate.imageId}
      </h2>
      <img src={client.transport.fileUrl(candidate.relPath)} alt={`Candidate ${candidate.rank}`} className="pixelated" />
      <table className="grid-table">
        <thead>
          <tr>
            <th>Why</th>
            <th>Defender</th>
            <th>Class</th>
            <th>Rank</th>
            <th>Score</th>
          </tr>
        </thead>
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
