import { WorkloadKind } from '../../plan/workload-inventory';
import { workloadKey } from './cluster-snapshot';
import type { StatefulSet } from './kubernetes-objects';
import { failed, LabCheck, passed, worstRemedy, workloadLabel } from './lab-check';
import { podProblems, podsOf } from './pod-problems';
import { Remedy } from './verify-report';

/**
 * Each StatefulSet of the inventory: READY `<ready>/<replicas>` as `kubectl get statefulsets` shows it
 * (1/1 for the lab's), and every claim of its volume claim templates (`<template>-<name>-<ordinal>`)
 * Bound. When it is not, the pods that are not Ready say why (a crash loop, an unscheduled pod).
 */
export const statefulSetCheck: LabCheck = {
  name: 'statefulsets',
  results(snapshot, { workloads }) {
    return workloads
      .filter((w) => w.kind === WorkloadKind.STATEFUL_SET)
      .map((ref) => {
        const label = workloadLabel(ref);
        const sts = snapshot.workloads.get(workloadKey(ref)) as StatefulSet | undefined;
        if (sts === undefined) return failed(label, 'missing: the API has no such StatefulSet', Remedy.RESET_WORKLOADS);
        const desired = sts.spec?.replicas ?? 1;
        const ready = sts.status?.readyReplicas ?? 0;
        const claimNames = (sts.spec?.volumeClaimTemplates ?? []).flatMap((t) =>
          Array.from({ length: desired }, (_, ordinal) => `${t.metadata?.name ?? 'data'}-${ref.name}-${ordinal}`),
        );
        const claims = snapshot.claims.get(ref.namespace) ?? [];
        const claimStates = claimNames.map((name) => ({ name, phase: claims.find((c) => c.metadata?.name === name)?.status?.phase ?? 'missing' }));
        const unbound = claimStates.filter((c) => c.phase !== 'Bound');
        const readyText = `${ready}/${desired} ready`;
        const claimText = claimStates.map((c) => `claim ${c.name} ${c.phase}`).join(', ');
        if (ready >= desired && unbound.length === 0) return passed(label, [readyText, claimText].filter(Boolean).join(', '));
        const problems = podProblems(podsOf(snapshot.pods.get(ref.namespace), sts.spec?.selector));
        const detail = [readyText, ...unbound.map((c) => `claim ${c.name} ${c.phase}`)].join(', ');
        const why = problems.length === 0 ? '' : `: ${problems.map((p) => p.text).join('; ')}`;
        // Pods still starting mean wait; without a pod to blame, the StatefulSet needs resetting.
        const remedy = problems.length === 0 ? Remedy.RESET_WORKLOADS : worstRemedy(problems.map((p) => p.remedy));
        return failed(label, `${detail}${why}`, remedy);
      });
  },
};
