import { useMemo, useState } from 'react';
import type { ErrorOverview } from '../../../../shared/contract/methods/errorMethods.js';
import type { ErrorCategory } from '../../../../shared/errors/errorCategories.js';
import { useMethod } from '../../hooks/useLoad.js';
import { usePageKeys } from '../../hooks/usePageKeys.js';
import { useSelection } from '../../hooks/useSelection.js';
import { CHARTED_CATEGORIES } from './errorCharts.js';

const PAGE = 24;
export const runKey = (r: { modelId: number; setName: string }) => `${r.modelId}:${r.setName}`;

/**
 * The run and kind of error looked at (the newest run and its largest kind until one is chosen),
 * a page of its gallery, the selected item and the image opened from it.
 */
export function useErrorGallery(overview: ErrorOverview | null) {
  const [chosen, setChosen] = useState<string | null>(null);
  const [category, setCategory] = useState<ErrorCategory | null>(null);
  const [page, setPage] = useState(0);
  const [openImage, setOpenImage] = useState<number | null>(null);

  const runs = useMemo(() => overview?.runs.filter((r) => r.images > 0) ?? [], [overview]);
  const run = runs.find((r) => runKey(r) === chosen) ?? runs[runs.length - 1] ?? null;
  const runId = run?.runId ?? null;
  const categoryOf = useMemo(() => {
    if (!run) return null;
    if (category && run.totals[category].regions > 0) return category;
    const ranked = CHARTED_CATEGORIES.filter((c) => run.totals[c].regions > 0).sort((a, b) => run.totals[b].pixels - run.totals[a].pixels);
    return ranked[0] ?? category;
  }, [run, category]);

  const gallery = useMethod('errors.gallery', runId === null || categoryOf === null ? null : { runId, category: categoryOf, offset: page * PAGE, limit: PAGE }).data;
  const [selected, setSelected] = useSelection(gallery ? `${runId}:${categoryOf}:${page}` : null);
  const items = gallery?.items ?? [];
  const pages = Math.max(1, Math.ceil((gallery?.total ?? 0) / PAGE));
  usePageKeys(page, pages, setPage);

  const pickRun = (key: string) => {
    setChosen(key);
    setPage(0);
    setOpenImage(null);
  };
  const pickCategory = (next: ErrorCategory) => {
    setCategory(next);
    setPage(0);
    setOpenImage(null);
  };

  return { runs, run, categoryOf, pickRun, pickCategory, page, pages, setPage, items, selected, setSelected, openImage, setOpenImage };
}
