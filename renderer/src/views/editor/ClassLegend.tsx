import { forwardRef, useState } from 'react';
import type { ClassInfo } from '../../../../shared/contract/domain.js';
import { filterClasses } from '../../editor/classFilter.js';
import { hiddenClassesOf, useEditorStore } from '../../editor/editorStore.js';

/**
 * Every class with its colour, always on screen; the first ten answer to 1…9 and 0, any class to
 * the search above the list (`/`, a few letters, Enter). Each row's eye hides or shows the class
 * in the mask on screen.
 */
export const ClassLegend = forwardRef<HTMLInputElement, { classes: ClassInfo[]; disabled: boolean }>(function ClassLegend({ classes, disabled }, searchRef) {
  const classId = useEditorStore((s) => s.classId);
  const setClass = useEditorStore((s) => s.setClass);
  const hidden = useEditorStore(hiddenClassesOf);
  const toggleHidden = useEditorStore((s) => s.toggleClassHidden);
  const [query, setQuery] = useState('');
  const [highlight, setHighlight] = useState(0);
  const shown = filterClasses(classes, query);
  const keyOf = new Map(classes.slice(0, 10).map((c, i) => [c.id, (i + 1) % 10]));
  const active = shown[Math.min(highlight, shown.length - 1)];

  const leaveSearch = (input: HTMLInputElement): void => {
    setQuery('');
    setHighlight(0);
    // The editor's keys work again once the search lets go of the focus.
    input.blur();
  };

  return (
    <section className="class-picker" aria-label="Classes">
      <input
        ref={searchRef}
        type="search"
        className="class-search"
        placeholder={`Find a class (/) · ${classes.length} classes`}
        aria-label="Find a class"
        value={query}
        disabled={disabled}
        onChange={(e) => {
          setQuery(e.target.value);
          setHighlight(0);
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
            e.preventDefault();
            const step = e.key === 'ArrowDown' ? 1 : -1;
            setHighlight((h) => Math.min(Math.max(0, shown.length - 1), Math.max(0, Math.min(h, shown.length - 1) + step)));
          } else if (e.key === 'Enter') {
            e.preventDefault();
            if (active) setClass(active.id);
            leaveSearch(e.currentTarget);
          } else if (e.key === 'Escape') {
            e.preventDefault();
            leaveSearch(e.currentTarget);
          }
        }}
        data-testid="class-search"
      />
      <ol className="class-legend" data-testid="class-legend">
        {shown.map((c) => {
          const isHidden = hidden.includes(c.id);
          const key = keyOf.get(c.id);
          return (
            <li key={c.id} className={query !== '' && c === active ? 'search-hit' : undefined}>
              <button
                type="button"
                aria-pressed={c.id === classId}
                disabled={disabled}
                onClick={() => setClass(c.id)}
                data-testid={`class-${c.id}`}
                title={c.superclass ? `${c.name} (${c.superclass})` : c.name}
              >
                <i style={{ background: c.color }} />
                <span className="class-name">{c.name}</span>
                {key !== undefined && <kbd>{key}</kbd>}
              </button>
              <button
                type="button"
                className="class-eye"
                aria-pressed={isHidden}
                aria-label={`${isHidden ? 'Show' : 'Hide'} ${c.name} in the mask`}
                title={`${isHidden ? 'Show' : 'Hide'} ${c.name} in the mask (H for the current class)`}
                onClick={() => toggleHidden(c.id)}
                data-testid={`class-eye-${c.id}`}
              >
                {isHidden ? '◌' : '●'}
              </button>
            </li>
          );
        })}
        {shown.length === 0 && <li className="muted">No class matches “{query}”.</li>}
        <li className="muted legend-unlabelled">
          <i className="unlabelled-swatch" /> unlabelled (eraser)
        </li>
      </ol>
      {hidden.length > 0 && (
        <p className="muted hidden-note" data-testid="hidden-classes">
          {hidden.length} hidden in the mask ·{' '}
          <button type="button" className="link" onClick={() => useEditorStore.getState().showAllClasses()}>
            show all (Shift+H)
          </button>
        </p>
      )}
    </section>
  );
});
