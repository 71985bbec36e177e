import { App } from 'cdktf';
import type { LabEnvironment } from './plan/lab-environment';
import type { LabPlan } from './plan/lab-plan';
import { StackKind } from './plan/stack-plan';
import { withoutTokenCreationStacks } from './private/token-stack-traces';
import { LabClusterStack } from './stacks/lab-cluster-stack';
import { LabNetworkStack } from './stacks/lab-network-stack';
import { LabWorkloadsStack } from './stacks/lab-workloads-stack';

/** The stacks of one lab. */
export interface LabStacks {
  /** The lab these stacks are for. */
  readonly environment: LabEnvironment;
  /** AWS side: network (unless shared), cluster, nodes, add-ons. */
  readonly cluster: LabClusterStack;
  /** Kubernetes side: StorageClass, data stores, DaemonSet, Job, CronJob. */
  readonly workloads: LabWorkloadsStack;
}

/** Every stack of a configuration. */
export interface LabAppStacks {
  /** The networks a class in one account shares; none for a single lab or accounts per participant, whose cluster stacks have their own. */
  readonly networks: readonly LabNetworkStack[];
  /** One entry per lab, in roster order. */
  readonly labs: readonly LabStacks[];
}

/**
 * Adds the stacks of the plan to `app`, as `plan.stacks` lists them.
 *
 * Without a roster: `<lab>-cluster` (with its own network) and `<lab>-workloads`. With a roster:
 * `<lab>-network`, then for each participant `<lab>-<id>-cluster` and `<lab>-<id>-workloads`, each
 * with its own state, so one participant's failed deploy or destroy blocks nobody else.
 */
export function defineLab(app: App, plan: LabPlan): LabAppStacks {
  const networks = plan.networks
    .filter((network) => plan.stacks.some((s) => s.name === network.stackName && s.kind === StackKind.NETWORK))
    .map((network, i) => new LabNetworkStack(app, network.stackName, { plan, network, withBudget: i === 0 }));
  const byName = new Map(networks.map((stack) => [stack.node.id, stack]));
  const labs = plan.labs.map((environment): LabStacks => {
    const sharedNetwork = byName.get(environment.networkStackName);
    const cluster = new LabClusterStack(app, environment.clusterStackName, {
      plan,
      environment,
      sharedNetwork: sharedNetwork?.network,
    });
    if (sharedNetwork) cluster.addDependency(sharedNetwork);
    const workloads = new LabWorkloadsStack(app, environment.workloadsStackName, {
      plan,
      environment,
      cluster: cluster.eks.info,
    });
    // Explicit as well as implied by the cross-stack references: deploy after, destroy before the cluster.
    workloads.addDependency(cluster);
    return { environment, cluster, workloads };
  });
  return { networks, labs };
}

/**
 * What `cdktf synth` runs: defines the stacks of `plan` in `app` and synthesizes them, without
 * the per-token stack traces cdktf would format along the way (see {@link withoutTokenCreationStacks}).
 */
export function synthLabApp(app: App, plan: LabPlan): LabAppStacks {
  return withoutTokenCreationStacks(() => {
    const stacks = defineLab(app, plan);
    app.synth();
    return stacks;
  });
}

/** Every stack of `stacks`, in dependency order (networks, then each lab's cluster and workloads). */
export function allStacks(stacks: LabAppStacks): Array<LabNetworkStack | LabClusterStack | LabWorkloadsStack> {
  return [...stacks.networks, ...stacks.labs.flatMap((lab) => [lab.cluster, lab.workloads])];
}
