import type { IDaemonSet } from 'kubernetes-models/apps/v1/DaemonSet';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IStatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { ICronJob } from 'kubernetes-models/batch/v1/CronJob';
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { INode } from 'kubernetes-models/v1/Node';
import type { IPersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { IPod } from 'kubernetes-models/v1/Pod';
import type { LabConfig } from '../../../lib/config/lab-config';
import { labWorkloads, WorkloadKind } from '../../../lib/plan/workload-inventory';
import type { ApiObject } from '../../support/fake-kubernetes-api';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit API objects freely */

/**
 * What a lab's cluster holds, as the API server returns it: objects typed with the maintained
 * kubernetes-models interfaces (the Kubernetes API's own shapes, status fields included, zero counts
 * absent as the API omits them), validated against the 1.36 OpenAPI schema in verify-fixtures.test.ts.
 */
export type LabObjects = ApiObject[];

const iso = (now: Date, secondsAgo: number) => new Date(now.getTime() - secondsAgo * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Name of the `i`-th node. */
export const nodeName = (i: number) => `ip-10-42-${96 + i}-${10 + i}.us-west-2.compute.internal`;

function condition(type: string, value: 'True' | 'False', now: Date, reason?: string, message?: string) {
  return { type, status: value, lastTransitionTime: iso(now, 1800), ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

function node(i: number, now: Date): INode & ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: nodeName(i),
      creationTimestamp: iso(now, 2400),
      labels: { 'eks.amazonaws.com/nodegroup': 'default', 'workshop-default': 'yes', 'kubernetes.io/os': 'linux' },
    },
    spec: { providerID: `aws:///us-west-2${'abc'[i % 3]}/i-0abc${i}` },
    status: {
      conditions: [
        condition('MemoryPressure', 'False', now, 'KubeletHasSufficientMemory'),
        condition('DiskPressure', 'False', now, 'KubeletHasNoDiskPressure'),
        condition('PIDPressure', 'False', now, 'KubeletHasSufficientPID'),
        condition('Ready', 'True', now, 'KubeletReady', 'kubelet is posting ready status'),
      ],
    },
  };
}

function readyPod(name: string, namespace: string, labels: Record<string, string>, nodeIndex: number, now: Date, container: string, claim?: string): IPod & ApiObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels, creationTimestamp: iso(now, 1700) },
    spec: {
      nodeName: nodeName(nodeIndex),
      containers: [{ name: container, image: 'public.ecr.aws/docker/library/busybox:1.36.1' }],
      ...(claim === undefined ? {} : { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: claim } }] }),
    },
    status: {
      phase: 'Running',
      conditions: [condition('PodScheduled', 'True', now), condition('Initialized', 'True', now), condition('ContainersReady', 'True', now), condition('Ready', 'True', now)],
      containerStatuses: [
        { name: container, image: 'public.ecr.aws/docker/library/busybox:1.36.1', imageID: '', ready: true, started: true, restartCount: 0, state: { running: { startedAt: iso(now, 1690) } } },
      ],
    },
  };
}

function template(labels: Record<string, string>, container: string, restartPolicy?: 'Always' | 'Never' | 'OnFailure') {
  return { metadata: { labels }, spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: container, image: 'public.ecr.aws/docker/library/busybox:1.36.1' }] } };
}

/** The objects of a lab that works: what `cdktf deploy` leaves, half an hour later, for `config`'s inventory. */
export function readyLab(config: LabConfig, now: Date): LabObjects {
  const nodes = Array.from({ length: config.nodeGroup.desiredSize }, (_, i) => node(i, now));
  const objects: ApiObject[] = [...nodes];
  for (const ref of labWorkloads(config)) {
    const { namespace, name } = ref;
    const created = iso(now, 1800);
    const meta = { name, namespace, creationTimestamp: created, labels: { 'app.kubernetes.io/created-by': 'eks-workshop', 'app.kubernetes.io/name': name } };
    switch (ref.kind) {
      case WorkloadKind.STATEFUL_SET: {
        const selector = { 'app.kubernetes.io/name': namespace, 'app.kubernetes.io/instance': namespace, 'app.kubernetes.io/component': name.split('-')[1] };
        const sts: IStatefulSet & ApiObject = {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { ...meta, labels: { 'app.kubernetes.io/created-by': 'eks-workshop', 'app.kubernetes.io/team': 'database' } },
          spec: {
            replicas: 1,
            serviceName: name,
            selector: { matchLabels: selector },
            template: template(selector, name.split('-')[1]),
            volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }],
          },
          status: { observedGeneration: 1, replicas: 1, readyReplicas: 1, currentReplicas: 1, updatedReplicas: 1, availableReplicas: 1, currentRevision: `${name}-6c9f8d`, updateRevision: `${name}-6c9f8d`, collisionCount: 0 },
        };
        const claim: IPersistentVolumeClaim & ApiObject = {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: `data-${name}-0`, namespace, labels: selector, creationTimestamp: created },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } }, storageClassName: 'gp3', volumeName: `pvc-${name}` },
          status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '10Gi' } },
        };
        objects.push(sts, claim, readyPod(`${name}-0`, namespace, selector, 0, now, name.split('-')[1], `data-${name}-0`));
        break;
      }
      case WorkloadKind.DAEMON_SET: {
        const selector = { app: name };
        const n = nodes.length;
        const ds: IDaemonSet & ApiObject = {
          apiVersion: 'apps/v1',
          kind: 'DaemonSet',
          metadata: meta,
          spec: { selector: { matchLabels: selector }, template: template(selector, name) },
          status: { currentNumberScheduled: n, desiredNumberScheduled: n, numberAvailable: n, numberMisscheduled: 0, numberReady: n, observedGeneration: 1, updatedNumberScheduled: n },
        };
        objects.push(ds, ...nodes.map((_, i) => readyPod(`${name}-${'abcdefghij'[i]}x${i}z`, namespace, selector, i, now, name)));
        break;
      }
      case WorkloadKind.DEPLOYMENT: {
        const selector = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': name, 'app.kubernetes.io/component': 'service' };
        const deployment: IDeployment & ApiObject = {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: meta,
          spec: { replicas: 1, selector: { matchLabels: selector }, template: template(selector, name) },
          status: {
            observedGeneration: 1,
            replicas: 1,
            updatedReplicas: 1,
            readyReplicas: 1,
            availableReplicas: 1,
            conditions: [
              { ...condition('Available', 'True', now, 'MinimumReplicasAvailable', 'Deployment has minimum availability.'), lastUpdateTime: iso(now, 1700) },
              { ...condition('Progressing', 'True', now, 'NewReplicaSetAvailable', `ReplicaSet "${name}-7d4b9c" has successfully progressed.`), lastUpdateTime: iso(now, 1700) },
            ],
          },
        };
        objects.push(deployment, readyPod(`${name}-7d4b9c-x${name.length}q`, namespace, selector, 1, now, name));
        break;
      }
      case WorkloadKind.JOB:
        objects.push(...completedJob(name, namespace, now, 1750, meta.labels));
        break;
      case WorkloadKind.CRON_JOB: {
        const cronJob: ICronJob & ApiObject = {
          apiVersion: 'batch/v1',
          kind: 'CronJob',
          metadata: meta,
          spec: {
            schedule: '*/1 * * * *',
            timeZone: 'UTC',
            concurrencyPolicy: 'Allow',
            suspend: false,
            successfulJobsHistoryLimit: 3,
            failedJobsHistoryLimit: 1,
            jobTemplate: { spec: { template: template({ app: name }, name, 'OnFailure') } },
          },
          status: { lastScheduleTime: minuteBefore(now, 0), lastSuccessfulTime: iso(new Date(Date.parse(minuteBefore(now, 0))), -8) },
        };
        objects.push(cronJob);
        for (const minutesAgo of [2, 1, 0]) {
          const scheduled = new Date(Date.parse(minuteBefore(now, minutesAgo)));
          const runName = `${name}-${Math.floor(scheduled.getTime() / 60_000)}`;
          objects.push(
            ...completedJob(runName, namespace, new Date(scheduled.getTime() + 8000), 8, { app: name }, { kind: 'CronJob', name }).map((o) =>
              o.kind === 'Job' ? { ...o, metadata: { ...o.metadata, creationTimestamp: scheduled.toISOString().replace(/\.\d{3}Z$/, 'Z') } } : o,
            ),
          );
        }
        break;
      }
    }
  }
  return objects;
}

/** The scheduled minute `minutesAgo` before the last one at or before `now`. */
function minuteBefore(now: Date, minutesAgo: number): string {
  const minute = Math.floor(now.getTime() / 60_000) - minutesAgo;
  return new Date(minute * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A Job that completed `secondsAgo` before `now`, and its Succeeded pod. */
function completedJob(name: string, namespace: string, now: Date, secondsAgo: number, labels: Record<string, string>, owner?: { kind: string; name: string }): ApiObject[] {
  const uid = `0b7c${name.length}e2a-3f1d-4c8e-9a6b-${String(name.length).padStart(12, '0')}`;
  const podLabels = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': name, 'controller-uid': uid, 'job-name': name };
  const job: IJob & ApiObject = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name,
      namespace,
      labels,
      creationTimestamp: iso(now, secondsAgo + 12),
      ...(owner === undefined ? {} : { ownerReferences: [{ apiVersion: 'batch/v1', kind: owner.kind, name: owner.name, uid: '5f2e-cron', controller: true, blockOwnerDeletion: true }] }),
    },
    spec: {
      completions: 1,
      parallelism: 1,
      backoffLimit: 3,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      template: { metadata: { labels: podLabels }, spec: { restartPolicy: 'Never', containers: [{ name, image: 'public.ecr.aws/docker/library/busybox:1.36.1' }] } },
    },
    status: {
      conditions: [condition('SuccessCriteriaMet', 'True', now, 'CompletionsReached', 'Reached expected number of succeeded pods'), condition('Complete', 'True', now, 'CompletionsReached', 'Reached expected number of succeeded pods')],
      startTime: iso(now, secondsAgo + 12),
      completionTime: iso(now, secondsAgo),
      succeeded: 1,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    },
  };
  const pod: IPod & ApiObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `${name}-q${name.length}x`, namespace, labels: podLabels, creationTimestamp: iso(now, secondsAgo + 12) },
    spec: { nodeName: nodeName(0), restartPolicy: 'Never', containers: [{ name, image: 'public.ecr.aws/docker/library/busybox:1.36.1' }] },
    status: {
      phase: 'Succeeded',
      conditions: [condition('PodScheduled', 'True', now), condition('Ready', 'False', now, 'PodCompleted')],
      containerStatuses: [{ name, image: 'busybox', imageID: '', ready: false, started: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
    },
  };
  return [job, pod];
}

/** `objects` with the one object of `kind`/`name` replaced by `change(object)`. */
export function edit(objects: LabObjects, kind: string, name: string, change: (o: any) => any): LabObjects {
  let found = 0;
  const out = objects.map((o) => {
    if (o.kind !== kind || o.metadata.name !== name) return o;
    found++;
    return change(JSON.parse(JSON.stringify(o)));
  });
  if (found !== 1) throw new Error(`fixture: expected one ${kind} ${name}, found ${found}`);
  return out;
}

/** A crash-looping data store: its pod restarts again and again, the StatefulSet 0/1. */
export function crashLooping(objects: LabObjects, statefulSet: string): LabObjects {
  const sts = edit(objects, 'StatefulSet', statefulSet, (o) => ({ ...o, status: { ...o.status, readyReplicas: undefined, availableReplicas: 0 } }));
  return edit(sts, 'Pod', `${statefulSet}-0`, (pod) => {
    const container = pod.status.containerStatuses[0].name;
    pod.status.conditions = pod.status.conditions.map((c: any) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${container}]` } : c));
    pod.status.containerStatuses = [
      {
        ...pod.status.containerStatuses[0],
        ready: false,
        started: false,
        restartCount: 7,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${container}` } },
        lastState: { terminated: { exitCode: 1, reason: 'Error' } },
      },
    ];
    return pod;
  });
}

/** A data store whose claim stays Pending: no volume, its pod unscheduled. */
export function pendingClaim(objects: LabObjects, statefulSet: string): LabObjects {
  const sts = edit(objects, 'StatefulSet', statefulSet, (o) => ({ ...o, status: { ...o.status, readyReplicas: undefined, availableReplicas: 0, currentReplicas: 1 } }));
  const claim = edit(sts, 'PersistentVolumeClaim', `data-${statefulSet}-0`, (c) => ({ ...c, spec: { ...c.spec, volumeName: undefined }, status: { phase: 'Pending' } }));
  return edit(claim, 'Pod', `${statefulSet}-0`, (pod) => ({
    ...pod,
    spec: { ...pod.spec, nodeName: undefined },
    status: {
      phase: 'Pending',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'Unschedulable',
          message: '0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.',
          lastTransitionTime: pod.status.conditions[0].lastTransitionTime,
        },
      ],
    },
  }));
}

/** The DaemonSet's pod on the last node stuck pulling its image: Ready on one node fewer. */
export function daemonSetShort(objects: LabObjects, daemonSet: string, nodes: number): LabObjects {
  const ds = edit(objects, 'DaemonSet', daemonSet, (o) => ({ ...o, status: { ...o.status, numberReady: nodes - 1, numberAvailable: nodes - 1, numberUnavailable: 1 } }));
  const podName = `${daemonSet}-${'abcdefghij'[nodes - 1]}x${nodes - 1}z`;
  return edit(ds, 'Pod', podName, (pod) => ({
    ...pod,
    status: {
      phase: 'Pending',
      conditions: pod.status.conditions.map((c: any) => (c.type === 'Ready' || c.type === 'ContainersReady' ? { ...c, status: 'False', reason: 'ContainersNotReady' } : c)),
      containerStatuses: [{ ...pod.status.containerStatuses[0], ready: false, started: false, state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } } }],
    },
  }));
}

/** The Job failed: its pods kept failing until the backoff limit. */
export function failedJob(objects: LabObjects, job: string, now: Date): LabObjects {
  return edit(objects, 'Job', job, (o) => ({
    ...o,
    status: {
      conditions: [
        condition('FailureTarget', 'True', now, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
        condition('Failed', 'True', now, 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'),
      ],
      startTime: o.status.startTime,
      failed: 4,
      ready: 0,
      terminating: 0,
      uncountedTerminatedPods: {},
    },
  }));
}
