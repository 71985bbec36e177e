import { StackJson } from './fixtures';
import { K8sObject, RenderedObject, renderKubernetesObjects } from './render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON and rendered objects are untyped */

/** Whether `cdktf deploy` waits for one workload controller, and why (not). */
export interface DeployWait {
  /** `type.id` of the controller's resource. */
  readonly address: string;
  /** `Kind namespace/name`. */
  readonly workload: string;
  /** Whether apply returns only once the controller is ready (Jobs: complete). */
  readonly awaited: boolean;
  /** What makes it awaited, or what is missing. */
  readonly reason: string;
}

const CONTROLLERS = new Set(['StatefulSet', 'Deployment', 'DaemonSet', 'Job']);
const READ_VERBS = ['get', 'list', 'watch'];

const workloadOf = (o: K8sObject) => `${o.kind} ${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;

/**
 * What the kubernetes provider 2.38 makes `terraform apply` wait for, per controller of a stack,
 * read from its source (hashicorp/terraform-provider-kubernetes v2.38.0, kubernetes/):
 *
 * - StatefulSet: `wait_for_rollout` (default true) waits until `readyReplicas == replicas` and
 *   kubectl's status viewer says the rollout is done.
 * - Deployment: `wait_for_rollout` (default true) waits until the observed generation is current and
 *   every replica is updated, ready and available.
 * - Job: `wait_for_completion` (default true) waits for the Complete condition (Failed fails apply).
 * - DaemonSet: `wait_for_rollout` only waits for `currentNumberScheduled == desiredNumberScheduled`,
 *   which holds (0 == 0) right after creation (#2092), so it proves nothing. A DaemonSet counts as
 *   awaited only through an awaited Job that depends on it, is replaced when it changes, and runs
 *   `kubectl rollout status daemonset/<name>` (RollingUpdate DaemonSets only) in its namespace with
 *   a timeout, under a
 *   ServiceAccount whose token is mounted and which a RoleBinding binds to a Role allowing get, list
 *   and watch on that DaemonSet.
 */
export function deployWaits(stack: StackJson): DeployWait[] {
  const rendered = renderKubernetesObjects(stack);
  const blockOf = (address: string) => {
    const [type, id] = address.split('.');
    return stack.resource[type][id];
  };
  const jobs = rendered.filter((r) => r.object.kind === 'Job');
  return rendered
    .filter((r) => CONTROLLERS.has(r.object.kind))
    .map((r) => {
      const block = blockOf(r.address);
      const base = { address: r.address, workload: workloadOf(r.object) };
      switch (r.object.kind) {
        case 'StatefulSet':
        case 'Deployment':
          return block.wait_for_rollout === false
            ? { ...base, awaited: false, reason: 'wait_for_rollout is false' }
            : { ...base, awaited: true, reason: 'wait_for_rollout waits for ready replicas' };
        case 'Job':
          return block.wait_for_completion === false
            ? { ...base, awaited: false, reason: 'wait_for_completion is false' }
            : { ...base, awaited: true, reason: 'wait_for_completion waits for the Complete condition' };
        default: {
          const problems = jobs.map((job) => rolloutWaitProblems(job, r, rendered, blockOf(job.address)));
          const found = problems.findIndex((p) => p.length === 0);
          if (found >= 0) return { ...base, awaited: true, reason: `${workloadOf(jobs[found].object)} runs kubectl rollout status on it` };
          const closest = problems.filter((p) => !p.includes('does not run kubectl rollout status on it')).sort((a, b) => a.length - b.length)[0];
          const why = closest ? closest.join('; ') : 'no Job runs kubectl rollout status on it';
          return { ...base, awaited: false, reason: `the provider's wait_for_rollout does not wait for DaemonSet pods, and ${why}` };
        }
      }
    });
}

/** Why `job` does not make deploy wait for `daemonSet` (empty when it does). */
function rolloutWaitProblems(job: RenderedObject, daemonSet: RenderedObject, objects: readonly RenderedObject[], jobBlock: Record<string, any>): string[] {
  const namespace = daemonSet.object.metadata.namespace ?? 'default';
  const name = daemonSet.object.metadata.name;
  const jobNamespace = job.object.metadata.namespace ?? 'default';
  const spec = (job.object.spec as any)?.template?.spec ?? {};
  const problems: string[] = [];

  const commands = (spec.containers ?? []).map((c: any) => [...(c.command ?? []), ...(c.args ?? [])] as string[]);
  const command = commands.find((words: string[]) => {
    const at = words.indexOf('rollout');
    return at >= 0 && words[at + 1] === 'status' && [`daemonset/${name}`, `daemonsets/${name}`, `ds/${name}`].includes(words[at + 2]);
  });
  if (!command) return ['does not run kubectl rollout status on it'];
  const strategy = (daemonSet.object.spec as any)?.updateStrategy?.type ?? 'RollingUpdate';
  // kubectl: "rollout status is only available for RollingUpdate strategy type".
  if (strategy !== 'RollingUpdate') problems.push(`kubectl rollout status fails on a DaemonSet with updateStrategy ${strategy}`);
  const flag = (long: string, short?: string) => {
    const i = command.findIndex((w: string) => w === long || w === short);
    if (i >= 0) return command[i + 1];
    return command.find((w: string) => w.startsWith(`${long}=`))?.slice(long.length + 1);
  };
  if ((flag('--namespace', '-n') ?? jobNamespace) !== namespace) problems.push(`${workloadOf(job.object)} looks in another namespace`);
  if (flag('--watch', '-w') === 'false' || command.includes('--watch=false')) problems.push(`${workloadOf(job.object)} does not watch (--watch=false)`);
  if (flag('--timeout') === undefined) problems.push(`${workloadOf(job.object)} has no --timeout (a DaemonSet that never becomes ready would hang deploy until the provider gives up)`);

  if (jobBlock.wait_for_completion === false) problems.push(`deploy does not wait for ${workloadOf(job.object)} (wait_for_completion is false)`);
  if (!(jobBlock.depends_on ?? []).includes(daemonSet.address) && !job.dependencies.includes(daemonSet.address)) {
    problems.push(`${workloadOf(job.object)} does not depend on ${daemonSet.address}, so it may run before the DaemonSet exists`);
  }
  const triggers: string[] = jobBlock.lifecycle?.replace_triggered_by ?? [];
  // Terraform's JSON syntax takes the address itself; "${address}" fails with "Invalid character".
  const interpolated = triggers.filter((t) => t.includes('${'));
  if (interpolated.length > 0) {
    problems.push(`${workloadOf(job.object)} has lifecycle.replace_triggered_by ${JSON.stringify(interpolated)}, which Terraform rejects (a plain resource address is expected)`);
  } else if (!triggers.includes(daemonSet.address)) {
    problems.push(`${workloadOf(job.object)} is not replaced when ${daemonSet.address} changes (lifecycle.replace_triggered_by), so an update is not awaited`);
  }

  if (spec.automountServiceAccountToken === false) problems.push(`${workloadOf(job.object)} mounts no service account token, so kubectl cannot authenticate`);
  const account = spec.serviceAccountName ?? 'default';
  const roles = objects
    .filter((r) => r.object.kind === 'RoleBinding' && (r.object.metadata.namespace ?? 'default') === namespace)
    .filter((r) => ((r.object as any).subjects ?? []).some((s: any) => s.kind === 'ServiceAccount' && s.name === account && (s.namespace ?? namespace) === jobNamespace))
    .map((binding) => (binding.object as any).roleRef)
    .filter((ref: any) => ref?.kind === 'Role')
    .map((ref: any) => objects.find((r) => r.object.kind === 'Role' && r.object.metadata.name === ref.name && (r.object.metadata.namespace ?? 'default') === namespace))
    .filter((r): r is RenderedObject => r !== undefined);
  const allows = (verb: string) =>
    roles.some((role) =>
      ((role.object as any).rules ?? []).some(
        (rule: any) =>
          (rule.apiGroups ?? []).some((g: string) => g === 'apps' || g === '*') &&
          (rule.resources ?? []).some((res: string) => res === 'daemonsets' || res === '*') &&
          (rule.verbs ?? []).some((v: string) => v === verb || v === '*') &&
          (rule.resourceNames === undefined || rule.resourceNames.length === 0 || rule.resourceNames.includes(name)),
      ),
    );
  const missing = READ_VERBS.filter((verb) => !allows(verb));
  if (missing.length > 0) problems.push(`ServiceAccount ${jobNamespace}/${account} may not ${missing.join(', ')} daemonset ${namespace}/${name}`);
  return problems;
}

/** The addresses `cdktf deploy` waits for (see {@link deployWaits}). */
export function awaitedAddresses(stack: StackJson): ReadonlySet<string> {
  return new Set(deployWaits(stack).filter((w) => w.awaited).map((w) => w.address));
}
