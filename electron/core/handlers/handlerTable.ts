import type { MethodName, MethodOutput, MethodParsedInput } from '../../../shared/contract/methods.js';
import type { Caller } from '../../../shared/contract/methods/labMethods.js';
import type { CallGate } from '../lab/callGate.js';
import type { AssistService } from '../assist/assistService.js';
import type { HostServices } from '../host/hostServices.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import type { ProjectSession } from '../project/projectSession.js';
import type { RecentProjects } from '../project/recentProjects.js';

/** CALLER is who the call acts as, already admitted by the gate; most handlers need only their input. */
export type Handler<M extends MethodName> = (input: MethodParsedInput<M>, caller: Caller) => MethodOutput<M> | Promise<MethodOutput<M>>;

/** One function per contract method; the type makes a missing or mistyped handler a compile error. */
export type HandlerTable = { [M in MethodName]: Handler<M> };

/** The handlers of one feature: exactly the methods of its contract file. */
export type FeatureHandlers<Spec> = { [M in keyof Spec & MethodName]: Handler<M> };

/** What feature handlers are built from. */
export interface CoreServices {
  host: HostServices;
  jobs: JobRunner;
  session: ProjectSession;
  recent: RecentProjects;
  /** The editor's click-to-segment models (workers held between calls). */
  assist: AssistService;
  /** Per-user state: recent projects, the demo project. */
  userDataDir: string;
  /** Sign-ins, roles and leases of a lab. */
  gate: CallGate;
}
