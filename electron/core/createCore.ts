import type { CallResult } from '../../shared/contract/wire.js';
import { launchNodeProcess } from '../platform/forkWorker.js';
import { AssistService } from './assist/assistService.js';
import { EventBus, type EventListener } from './events/eventBus.js';
import { buildHandlers } from './handlers/buildHandlers.js';
import { dispatch } from './handlers/dispatch.js';
import type { HandlerTable } from './handlers/handlerTable.js';
import type { HostServices } from './host/hostServices.js';
import { JobRunner } from './jobs/jobRunner.js';
import { CallGate } from './lab/callGate.js';
import { LOCAL, type Credential } from './lab/credential.js';
import { LeaseBook } from './lab/leaseBook.js';
import { ProjectSession } from './project/projectSession.js';
import { RecentProjects } from './project/recentProjects.js';
import { defaultUserDataDir } from '../platform/userDataDir.js';

export interface CoreOptions {
  host: HostServices;
  userDataDir?: string;
  /** False for a process that opens a project for one command (the CLI): the user did not open it, so it stays off the recent list. */
  listRecent?: boolean;
  /** Milliseconds since the epoch: sign-in expiry and image leases run on it (tests move it by hand). */
  clock?: () => number;
}

/** An image left alone this long goes back to the pool; any save or rating on it renews the lease. */
export const LEASE_TTL_MS = 10 * 60_000;

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
  readonly gate: CallGate;
  /** One call as CREDENTIAL (the local admin when omitted: the desktop, the CLI, the server's run token). */
  call(method: string, input: unknown, credential?: Credential): Promise<CallResult>;
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
  const clock = options.clock ?? Date.now;
  const gate = new CallGate(session, bus, new LeaseBook(LEASE_TTL_MS, clock), clock);
  const assist = new AssistService(options.host.launchWorkerProcess ?? launchNodeProcess);
  const handlers = buildHandlers({ host: options.host, jobs, session, recent, userDataDir, gate, assist });
  return {
    handlers,
    session,
    jobs,
    bus,
    gate,
    userDataDir,
    call: (method, input, credential = LOCAL) => dispatch(handlers, gate, method, input, credential),
    subscribe: (listener) => bus.subscribe(listener),
    dispose: async () => {
      await jobs.cancelAll();
      const assistEnded = assist.close();
      session.close();
      await assistEnded;
    },
  };
}
