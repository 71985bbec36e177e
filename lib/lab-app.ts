import { App } from 'cdktf';
import { LabConfig } from './config/lab-config';
import { LabClusterStack } from './stacks/lab-cluster-stack';

/** The stacks of one lab. */
export interface LabStacks {
  /** AWS side: network, cluster, nodes, add-ons. */
  readonly cluster: LabClusterStack;
}

/** Stack name of the cluster side of a lab. */
export function clusterStackName(labName: string): string {
  return `${labName}-cluster`;
}

/** Adds the stacks of the configured lab to `app`. */
export function defineLab(app: App, config: LabConfig): LabStacks {
  const cluster = new LabClusterStack(app, clusterStackName(config.labName), { config });
  return { cluster };
}
