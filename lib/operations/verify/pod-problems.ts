import { conditionOf, isTrue, LabelSelector, matchesSelector, Pod } from './kubernetes-objects';
import { Remedy } from './verify-report';

/** Why one pod is not Ready, and what fixes it. */
export interface PodProblem {
  /** E.g. `pod catalog-mysql-0: container mysql CrashLoopBackOff (7 restarts)`. */
  readonly text: string;
  /** What fixes it. */
  readonly remedy: Remedy;
}

/** Waiting reasons of a container that is still starting: nothing is wrong yet. */
const STARTING = new Set(['ContainerCreating', 'PodInitializing']);

/** The pods of `pods` that `selector` selects (a controller's own pods). */
export function podsOf(pods: readonly Pod[] | undefined, selector: LabelSelector | undefined): Pod[] {
  return (pods ?? []).filter((pod) => matchesSelector(pod.metadata?.labels, selector));
}

/** Whether the pod's `Ready` condition is True. */
export function isPodReady(pod: Pod): boolean {
  return isTrue(pod.status?.conditions, 'Ready');
}

/**
 * Why `pod` is not Ready, as `kubectl describe` would point at it: a container waiting (CrashLoopBackOff
 * with its restarts, ImagePullBackOff, ...) or terminated, or the pod unscheduled (Pending, with the
 * scheduler's message); undefined for a Ready pod.
 */
export function podProblem(pod: Pod): PodProblem | undefined {
  if (isPodReady(pod) || pod.status?.phase === 'Succeeded') return undefined;
  const name = `pod ${pod.metadata?.name ?? '?'}`;
  const containers = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  for (const container of containers) {
    const waiting = container.state?.waiting;
    if (waiting?.reason !== undefined) {
      const restarts = container.restartCount > 0 ? ` (${container.restartCount} restart${container.restartCount === 1 ? '' : 's'})` : '';
      const last = container.lastState?.terminated;
      const lastExit = last === undefined ? '' : `, last exit ${last.exitCode}${last.reason ? ` ${last.reason}` : ''}`;
      return {
        text: `${name}: container ${container.name} ${waiting.reason}${restarts}${lastExit}`,
        remedy: STARTING.has(waiting.reason) ? Remedy.WAIT : Remedy.RESET_WORKLOADS,
      };
    }
    const terminated = container.state?.terminated;
    if (terminated !== undefined && terminated.exitCode !== 0) {
      return { text: `${name}: container ${container.name} exited ${terminated.exitCode}${terminated.reason ? ` (${terminated.reason})` : ''}`, remedy: Remedy.RESET_WORKLOADS };
    }
  }
  const scheduled = conditionOf(pod.status?.conditions, 'PodScheduled');
  if (scheduled?.status === 'False') {
    return { text: `${name}: ${pod.status?.phase ?? 'Pending'}, not scheduled (${scheduled.reason ?? '?'}: ${scheduled.message ?? ''})`.replace(/: \)$/, ')'), remedy: Remedy.RESET_WORKLOADS };
  }
  const unready = containers.filter((c) => !c.ready).map((c) => c.name);
  return {
    text: `${name}: ${pod.status?.phase ?? 'unknown phase'}${unready.length > 0 ? `, container${unready.length === 1 ? '' : 's'} ${unready.join(', ')} not ready` : ', not Ready'}`,
    remedy: pod.status?.phase === 'Pending' ? Remedy.WAIT : Remedy.RESET_WORKLOADS,
  };
}

/** The problems of the pods that are not Ready, first `limit` of them. */
export function podProblems(pods: readonly Pod[], limit = 3): PodProblem[] {
  return pods.map(podProblem).filter((p): p is PodProblem => p !== undefined).slice(0, limit);
}
