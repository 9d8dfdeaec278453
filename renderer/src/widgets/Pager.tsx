export function Pager({ page, pages, setPage, label, hint }: { page: number; pages: number; setPage(page: number): void; label: string; hint?: string }) {
  if (pages <= 1) return null;
  return (
    <div className="pager" aria-label={label}>
      <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
        ← Previous
      </button>
      <span data-testid={`${label}-page`}>
        Page {page + 1} of {pages}
      </span>
      <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
        Next →
      </button>
      {hint && <span className="muted">{hint}</span>}
    </div>
  );
}
