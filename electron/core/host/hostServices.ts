import type { LaunchWorkerProcess } from '../../platform/forkWorker.js';
import type { HostKind } from '../../../shared/contract/domain.js';

/**
 * What the core needs from the desktop. The Electron shell implements it with native dialogs;
 * the server host and the tests implement it without them. The core never imports electron.
 */
export interface HostServices {
  readonly kind: HostKind;
  readonly canPickDirectory: boolean;
  /** Resolves to the chosen folder, or null when the user cancelled. */
  pickDirectory(title: string): Promise<string | null>;
  /** How work that must be killable mid-call gets a process of its own; Node's fork unless the host has its own way (Electron's utility processes). */
  readonly launchWorkerProcess?: LaunchWorkerProcess;
}

/** Hosts without native dialogs (the server host, tests): the UI asks for a typed path instead. */
export function headlessHost(kind: HostKind): HostServices {
  return {
    kind,
    canPickDirectory: false,
    async pickDirectory() {
      return null;
    },
  };
}
