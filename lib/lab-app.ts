import { App } from 'cdktf';
import { LabConfig } from './config/lab-config';
import { LabClusterStack } from './stacks/lab-cluster-stack';
import { LabWorkloadsStack } from './stacks/lab-workloads-stack';

/** The stacks of one lab. */
export interface LabStacks {
  /** AWS side: network, cluster, nodes, add-ons. */
  readonly cluster: LabClusterStack;
  /** Kubernetes side: StorageClass, data stores, DaemonSet, Job, CronJob. */
  readonly workloads: LabWorkloadsStack;
}

/** Stack name of the cluster side of a lab. */
export function clusterStackName(labName: string): string {
  return `${labName}-cluster`;
}

/** Stack name of the Kubernetes side of a lab. */
export function workloadsStackName(labName: string): string {
  return `${labName}-workloads`;
}

/** Adds the stacks of the configured lab to `app`: the cluster, then the workloads on it. */
export function defineLab(app: App, config: LabConfig): LabStacks {
  const cluster = new LabClusterStack(app, clusterStackName(config.labName), { config });
  const workloads = new LabWorkloadsStack(app, workloadsStackName(config.labName), { config, cluster: cluster.eks.info });
  // Explicit as well as implied by the cross-stack references: deploy after, destroy before the cluster.
  workloads.addDependency(cluster);
  return { cluster, workloads };
}
