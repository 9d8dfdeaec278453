import { useSyncExternalStore } from 'react';
import type { View } from '../../editor/viewTransform.js';

/** The stage's view for the few components that follow it (pins, zoom readout) without re-rendering the workspace on every wheel tick. */
export class ViewBus {
  private view: View = { scale: 1, x: 0, y: 0 };
  private readonly listeners = new Set<() => void>();

  set(view: View): void {
    this.view = view;
    for (const l of this.listeners) l();
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly get = (): View => this.view;
}

export function useView(bus: ViewBus): View {
  return useSyncExternalStore(bus.subscribe, bus.get);
}
