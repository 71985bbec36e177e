import { type LabConfig, RetailApplication } from '../config/lab-config';

/** Kinds of the workload controllers the lab deploys, as the Kubernetes API spells them. */
export enum WorkloadKind {
  STATEFUL_SET = 'StatefulSet',
  DAEMON_SET = 'DaemonSet',
  DEPLOYMENT = 'Deployment',
  JOB = 'Job',
  CRON_JOB = 'CronJob',
}

/** One workload controller of the lab, as a learner (or `npm run verify`) finds it in the cluster. */
export interface LabWorkloadRef {
  /** Controller kind. */
  readonly kind: WorkloadKind;
  /** Namespace. */
  readonly namespace: string;
  /** Object name. */
  readonly name: string;
}

/**
 * Every workload controller the workloads stack of `config` deploys, in a stable order. Commands that
 * read a live cluster use it instead of synthesizing the stack; `test/workloads/lab-workload-inventory.test.ts`
 * checks it against the synthesized workloads stack, so the two cannot drift apart.
 */
export function labWorkloads(config: LabConfig): readonly LabWorkloadRef[] {
  const store: readonly LabWorkloadRef[] =
    config.application === RetailApplication.STORE
      ? [
          { kind: WorkloadKind.DEPLOYMENT, namespace: 'carts', name: 'carts' },
          { kind: WorkloadKind.DEPLOYMENT, namespace: 'carts', name: 'carts-dynamodb' },
          { kind: WorkloadKind.DEPLOYMENT, namespace: 'catalog', name: 'catalog' },
          { kind: WorkloadKind.DEPLOYMENT, namespace: 'checkout', name: 'checkout' },
          { kind: WorkloadKind.DEPLOYMENT, namespace: 'orders', name: 'orders' },
          { kind: WorkloadKind.DEPLOYMENT, namespace: 'ui', name: 'ui' },
        ]
      : [];
  return [
    { kind: WorkloadKind.STATEFUL_SET, namespace: 'catalog', name: 'catalog-mysql' },
    { kind: WorkloadKind.STATEFUL_SET, namespace: 'checkout', name: 'checkout-redis' },
    { kind: WorkloadKind.STATEFUL_SET, namespace: 'orders', name: 'orders-postgresql' },
    ...store,
    { kind: WorkloadKind.DAEMON_SET, namespace: 'kube-system', name: 'log-collector' },
    // Completes once log-collector has a ready pod on every node (DaemonSetRolloutWait).
    { kind: WorkloadKind.JOB, namespace: 'kube-system', name: 'log-collector-rollout' },
    { kind: WorkloadKind.JOB, namespace: 'catalog', name: 'data-processor' },
    { kind: WorkloadKind.CRON_JOB, namespace: 'catalog', name: 'catalog-cleanup' },
  ];
}
