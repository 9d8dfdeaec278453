import type { CallResult } from '../../shared/contract/wire.js';
import { AssistService } from './assist/assistService.js';
import { EventBus, type EventListener } from './events/eventBus.js';
import { buildHandlers } from './handlers/buildHandlers.js';
import { dispatch } from './handlers/dispatch.js';
import type { HandlerTable } from './handlers/handlerTable.js';
import type { HostServices } from './host/hostServices.js';
import { JobRunner } from './jobs/jobRunner.js';
import { ProjectSession } from './project/projectSession.js';
import { RecentProjects } from './project/recentProjects.js';
import { defaultUserDataDir } from '../platform/userDataDir.js';

export interface CoreOptions {
  host: HostServices;
  userDataDir?: string;
  /** False for a process that opens a project for one command (the CLI): the user did not open it, so it stays off the recent list. */
  listRecent?: boolean;
}

class UnlistedRecentProjects extends RecentProjects {
  override remember(): void {
    // Deliberately nothing: see CoreOptions.listRecent.
  }
}

export interface Core {
  readonly handlers: HandlerTable;
  readonly session: ProjectSession;
  readonly jobs: JobRunner;
  readonly bus: EventBus;
  readonly userDataDir: string;
  call(method: string, input: unknown): Promise<CallResult>;
  subscribe(listener: EventListener): () => void;
  /** Cancels running jobs, then closes the project. */
  dispose(): Promise<void>;
}

/** Wires the core services once; hosts only translate their transport into `call` and `subscribe`. */
export function createCore(options: CoreOptions): Core {
  const userDataDir = options.userDataDir ?? defaultUserDataDir();
  const bus = new EventBus();
  const recent = options.listRecent === false ? new UnlistedRecentProjects(userDataDir) : new RecentProjects(userDataDir);
  const session = new ProjectSession(recent, bus);
  const jobs = new JobRunner(bus);
  const assist = new AssistService();
  const handlers = buildHandlers({ host: options.host, jobs, session, recent, userDataDir, assist });
  return {
    handlers,
    session,
    jobs,
    bus,
    userDataDir,
    call: (method, input) => dispatch(handlers, method, input),
    subscribe: (listener) => bus.subscribe(listener),
    dispose: async () => {
      await jobs.cancelAll();
      await assist.close();
      session.close();
    },
  };
}
