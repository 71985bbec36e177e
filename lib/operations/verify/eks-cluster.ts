import { Cluster, DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, Nodegroup } from '@aws-sdk/client-eks';
import { NODE_GROUP_NAME } from '../../plan/lab-names';
import { AwsCallError, awsCall } from '../aws-call-error';
import { failed, passed } from './lab-check';
import { CheckResult, Remedy } from './verify-report';

/** The IAM permissions {@link describeLabCluster} needs. */
export const EKS_CLUSTER_PERMISSIONS: readonly string[] = ['eks:DescribeCluster', 'eks:DescribeNodegroup'];

/** What EKS says about a lab's cluster and its node group. */
export interface EksLabCluster {
  /** The cluster; undefined when EKS has none of that name. */
  readonly cluster?: Cluster;
  /** The node group; undefined when the cluster has none of that name (or there is no cluster). */
  readonly nodegroup?: Nodegroup;
}

/** The cluster's statuses that pass on their own. */
const IN_PROGRESS = new Set(['CREATING', 'UPDATING', 'PENDING']);

/** EKS's answer to a name it does not know. */
const NOT_FOUND = 'ResourceNotFoundException';

/**
 * DescribeCluster, then DescribeNodegroup of the lab's node group (`default`). A cluster or node group
 * EKS does not have is recorded as absent; any other failure throws {@link AwsCallError} (the command
 * cannot ask: credentials, permissions, throttling).
 */
export async function describeLabCluster(eks: EKSClient, clusterName: string, abortSignal?: AbortSignal): Promise<EksLabCluster> {
  const options = abortSignal === undefined ? {} : { abortSignal };
  const cluster = await orAbsent(() => awsCall('eks:DescribeCluster', () => eks.send(new DescribeClusterCommand({ name: clusterName }), options)));
  if (cluster?.cluster === undefined) return {};
  const nodegroup = await orAbsent(() =>
    awsCall('eks:DescribeNodegroup', () =>
      eks.send(new DescribeNodegroupCommand({ clusterName, nodegroupName: NODE_GROUP_NAME }), options),
    ),
  );
  return { cluster: cluster.cluster, ...(nodegroup?.nodegroup === undefined ? {} : { nodegroup: nodegroup.nodegroup }) };
}

async function orAbsent<T>(call: () => Promise<T>): Promise<T | undefined> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof AwsCallError && error.awsErrorName === NOT_FOUND) return undefined;
    throw error;
  }
}

/**
 * The EKS side of a lab: the cluster ACTIVE with an endpoint and a CA (what the Kubernetes side needs),
 * and the node group ACTIVE without health issues. Returns the results, and whether the Kubernetes API
 * can be asked.
 */
export function eksChecks(described: EksLabCluster, clusterName: string): { readonly results: CheckResult[]; readonly canAskKubernetes: boolean } {
  const { cluster, nodegroup } = described;
  if (cluster === undefined) {
    return { results: [failed('cluster', `EKS has no cluster ${clusterName} in this region: the lab is not deployed`, Remedy.DEPLOY)], canAskKubernetes: false };
  }
  const results: CheckResult[] = [];
  const status = cluster.status ?? 'UNKNOWN';
  const endpoint = cluster.endpoint;
  const ca = cluster.certificateAuthority?.data;
  if (status !== 'ACTIVE') {
    results.push(failed('cluster', `${status}${IN_PROGRESS.has(status) ? ' (in progress)' : ''}`, IN_PROGRESS.has(status) ? Remedy.WAIT : Remedy.REDEPLOY));
  } else if (endpoint === undefined || ca === undefined) {
    results.push(failed('cluster', `ACTIVE but EKS gives no ${endpoint === undefined ? 'endpoint' : 'certificate authority'}`, Remedy.REDEPLOY));
  } else {
    results.push(passed('cluster', `ACTIVE, Kubernetes ${cluster.version ?? '?'}`));
  }
  if (nodegroup === undefined) {
    results.push(failed(`node group ${NODE_GROUP_NAME}`, 'missing', Remedy.REDEPLOY));
  } else {
    const issues = (nodegroup.health?.issues ?? []).map((i) => `${i.code ?? '?'}${i.message ? `: ${i.message}` : ''}`);
    const ngStatus = nodegroup.status ?? 'UNKNOWN';
    const desired = nodegroup.scalingConfig?.desiredSize;
    const detail = `${ngStatus}, desired ${desired ?? '?'} node${desired === 1 ? '' : 's'}${issues.length > 0 ? `: ${issues.join('; ')}` : ''}`;
    if (ngStatus === 'ACTIVE' && issues.length === 0) results.push(passed(`node group ${NODE_GROUP_NAME}`, detail));
    else results.push(failed(`node group ${NODE_GROUP_NAME}`, detail, ngStatus === 'CREATING' || ngStatus === 'UPDATING' ? Remedy.WAIT : Remedy.REDEPLOY));
  }
  return { results, canAskKubernetes: status === 'ACTIVE' && endpoint !== undefined && ca !== undefined };
}
