import { type LabConfig, RetailApplication } from '../config/lab-config';

/** Kinds of the workload controllers the lab deploys, as the Kubernetes API spells them. */
export enum WorkloadKind {
  STATEFUL_SET = 'StatefulSet',
  DAEMON_SET = 'DaemonSet',
  DEPLOYMENT = 'Deployment',
  JOB = 'Job',
  CRON_JOB = 'CronJob',
}

/** A volume claim template of a StatefulSet: each replica gets one EBS volume of this size. */
export interface WorkloadVolumeClaim {
  /** Claim template name (`data`): the claims are `<name>-<statefulset>-<ordinal>`. */
  readonly name: string;
  /** Requested size, in GiB. */
  readonly sizeGiB: number;
}

/** One workload controller of the lab, as a learner (or `npm run verify`) finds it in the cluster. */
export interface LabWorkloadRef {
  /** Controller kind. */
  readonly kind: WorkloadKind;
  /** Namespace. */
  readonly namespace: string;
  /** Object name. */
  readonly name: string;
  /** Replicas of a StatefulSet or Deployment. @default - none: the other kinds have no replica count */
  readonly replicas?: number;
  /** The StatefulSet's volume claim templates (one EBS volume per replica each). @default [] */
  readonly volumeClaims?: readonly WorkloadVolumeClaim[];
}

/** Claim template of the data stores' volume. */
export const DATA_VOLUME_CLAIM = 'data';

/**
 * Every workload controller the workloads stack of `config` deploys, in a stable order, with the
 * replicas and volumes it starts with. Commands that read a live cluster, and the cost estimate, use it
 * instead of synthesizing the stack; `test/plan/plan-matches-synth.test.ts` checks it against the
 * synthesized workloads stack, so the two cannot drift apart.
 */
export function labWorkloads(config: Pick<LabConfig, 'application' | 'databaseVolumeGiB'>): readonly LabWorkloadRef[] {
  const dataStore = (namespace: string, name: string): LabWorkloadRef => ({
    kind: WorkloadKind.STATEFUL_SET,
    namespace,
    name,
    replicas: 1,
    volumeClaims: [{ name: DATA_VOLUME_CLAIM, sizeGiB: config.databaseVolumeGiB }],
  });
  const deployment = (namespace: string, name: string): LabWorkloadRef => ({ kind: WorkloadKind.DEPLOYMENT, namespace, name, replicas: 1 });
  const store: readonly LabWorkloadRef[] =
    config.application === RetailApplication.STORE
      ? [
          deployment('carts', 'carts'),
          deployment('carts', 'carts-dynamodb'),
          deployment('catalog', 'catalog'),
          deployment('checkout', 'checkout'),
          deployment('orders', 'orders'),
          deployment('ui', 'ui'),
        ]
      : [];
  return [
    dataStore('catalog', 'catalog-mysql'),
    dataStore('checkout', 'checkout-redis'),
    dataStore('orders', 'orders-postgresql'),
    ...store,
    { kind: WorkloadKind.DAEMON_SET, namespace: 'kube-system', name: 'log-collector' },
    // Completes once log-collector has a ready pod on every node (DaemonSetRolloutWait).
    { kind: WorkloadKind.JOB, namespace: 'kube-system', name: 'log-collector-rollout' },
    { kind: WorkloadKind.JOB, namespace: 'catalog', name: 'data-processor' },
    { kind: WorkloadKind.CRON_JOB, namespace: 'catalog', name: 'catalog-cleanup' },
  ];
}

/** The EBS volumes the workloads of one lab claim when they start, with their sizes in GiB. */
export function workloadVolumes(workloads: readonly LabWorkloadRef[]): number[] {
  return workloads.flatMap((w) => (w.volumeClaims ?? []).flatMap((claim) => Array.from({ length: w.replicas ?? 1 }, () => claim.sizeGiB)));
}
