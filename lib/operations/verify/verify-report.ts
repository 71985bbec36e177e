/**
 * What brings a lab that is not ready back, from the least to the most drastic; a lab's fix is the
 * most drastic remedy any of its checks needs. Values are what `--json` prints.
 */
export enum Remedy {
  /** It is on its way (a cluster being created, a Job still running): run verify again in a few minutes. */
  WAIT = 'wait',
  /** Something in the workloads is broken: destroy and re-create the lab's workloads stack. */
  RESET_WORKLOADS = 'reset-workloads',
  /** The API endpoint did not answer: check the network path (publicAccessCidrs), then redeploy. */
  CHECK_NETWORK = 'check-network',
  /** The cluster refused the caller: check the credentials and the caller's access entry. */
  CHECK_ACCESS = 'check-access',
  /** The AWS side is broken (nodes missing, node group degraded): deploy the lab again. */
  REDEPLOY = 'redeploy',
  /** The lab's cluster does not exist: deploy it. */
  DEPLOY = 'deploy',
}

/** Remedies in order of severity, least first. */
export const REMEDY_SEVERITY: readonly Remedy[] = [
  Remedy.WAIT,
  Remedy.RESET_WORKLOADS,
  Remedy.CHECK_NETWORK,
  Remedy.CHECK_ACCESS,
  Remedy.REDEPLOY,
  Remedy.DEPLOY,
];

/** The outcome of one check of one lab. */
export interface CheckResult {
  /** What was checked, e.g. `nodes` or `StatefulSet catalog/catalog-mysql`. */
  readonly check: string;
  /** Whether it is as the learner needs it. */
  readonly ok: boolean;
  /** What was found, one line (for a failure: what is wrong). */
  readonly detail: string;
  /** What fixes it. @default - none (ok) */
  readonly remedy?: Remedy;
  /** Something the instructor should know that does not make the lab unready (a suspended CronJob). @default - none */
  readonly note?: string;
}

/** One row of the lab page's `kubectl get statefulsets -l app.kubernetes.io/created-by=eks-workshop -A`. */
export interface StatefulSetRow {
  /** NAMESPACE. */
  readonly namespace: string;
  /** NAME. */
  readonly name: string;
  /** READY: `<ready>/<desired>`. */
  readonly ready: string;
  /** AGE, as kubectl prints it, e.g. `30m`. */
  readonly age: string;
}

/** Whether one lab is ready, and what to do when it is not. */
export interface LabVerdict {
  /** The participant. @default - none: the single lab */
  readonly participantId?: string;
  /** The EKS cluster name. */
  readonly clusterName: string;
  /** Whether every check passed. */
  readonly ready: boolean;
  /** Every check, in the order run. */
  readonly checks: readonly CheckResult[];
  /** The most drastic remedy the failed checks need. @default - none (ready) */
  readonly remedy?: Remedy;
  /** What to do, with the command to run. @default - none (ready) */
  readonly fix?: string;
  /**
   * The lab page's view of the StatefulSets, when the cluster could be asked.
   * @default - none: the Kubernetes API was not reached
   */
  readonly statefulSets?: readonly StatefulSetRow[];
}

/** A lab this project created in the account and region that is past its `expires-on` date. */
export interface ExpiredLab {
  /** Its `lab` tag. */
  readonly labName: string;
  /** Its `participant` tag. @default - none: a single lab */
  readonly participantId?: string;
  /** The EKS cluster still running. */
  readonly clusterName: string;
  /** Its `expires-on` tag, `YYYY-MM-DD`. */
  readonly expiresOn: string;
  /** Whole days since that date. */
  readonly daysOverdue: number;
  /** Whether the configuration that ran this command describes it (then `destroyCommand` destroys it). */
  readonly inConfiguration: boolean;
  /** How to remove it: the cdktf destroy command, or for another configuration's lab what to run instead. */
  readonly destroy: string;
}

/** Whether the budget guard can see the class's costs (its cost allocation tag is active). */
export interface BudgetGuardStatus {
  /** The budget's name. */
  readonly budgetName: string;
  /** The tag key it filters on. */
  readonly tagKey: string;
  /** Whether the tag key is an active cost allocation tag. */
  readonly active: boolean;
  /** What was found. */
  readonly detail: string;
  /** What to run when it is not active. @default - none */
  readonly fix?: string;
}

/** `npm run verify`'s report. */
export interface VerifyReport {
  /** The configuration's `labName`. */
  readonly labName: string;
  /** The region asked. */
  readonly region: string;
  /** The participant the check was restricted to. @default - none: every lab */
  readonly participantId?: string;
  /** Whether the configuration has a roster. */
  readonly isClass: boolean;
  /** One verdict per checked lab, in roster order. */
  readonly labs: readonly LabVerdict[];
  /** Labs ready. */
  readonly readyCount: number;
  /** Labs expired but still running, in the account and region, most overdue first (any configuration). */
  readonly expired: readonly ExpiredLab[];
  /** The budget guard's state. @default - none: the configuration has no budget */
  readonly budgetGuard?: BudgetGuardStatus;
}
