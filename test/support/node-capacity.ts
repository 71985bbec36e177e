import { PRICE_LIST } from '../../lib/cost/price-list';
import { maxPodsPerNode } from '../../lib/plan/address-plan';
import type { AddOnSpec } from '../../lib/plan/add-ons/add-on-spec';
import { podTemplateOf } from './api-server-rules';
import { RenderedObject } from './render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

/** CPU in millicores and memory in MiB. */
export interface Resources {
  /** Millicores. */
  readonly cpu: number;
  /** MiB (2^20 bytes). */
  readonly memory: number;
}

const MEMORY_UNITS: Record<string, number> = {
  '': 1 / 2 ** 20,
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 ** 2,
  k: 1000 / 2 ** 20,
  M: 1e6 / 2 ** 20,
  G: 1e9 / 2 ** 20,
};

/** A Kubernetes CPU quantity (`250m`, `1`, `0.5`) in millicores. */
export function cpuMillicores(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(m?)$/.exec(quantity);
  if (!match) throw new Error(`not a CPU quantity: ${JSON.stringify(quantity)}`);
  return match[2] === 'm' ? Number(match[1]) : Number(match[1]) * 1000;
}

/** A Kubernetes memory quantity (`512Mi`, `1.5Gi`, `128M`) in MiB. */
export function memoryMiB(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity);
  if (!match) throw new Error(`not a memory quantity: ${JSON.stringify(quantity)}`);
  return Number(match[1]) * MEMORY_UNITS[match[2] ?? ''];
}

/**
 * Instance types whose capacity the fit check knows: every type of the estimate's price list, whose
 * vCPUs and memory come with their source (lib/cost/price-list.ts: Karpenter's generated instance-type
 * reference, e.g. m5.large and t3a.large: 2 vCPUs, 8192 MiB).
 */
const INSTANCE_SIZES = PRICE_LIST.instanceTypes;

/**
 * Share of an instance's memory that never reaches the kubelet (firmware, kernel): Karpenter's
 * default estimate, `VM_MEMORY_OVERHEAD_PERCENT` 0.075, used until a real node reports its capacity.
 * @see https://github.com/aws/karpenter-provider-aws/blob/main/pkg/operator/options/options.go
 */
export const VM_MEMORY_OVERHEAD = 0.075;

/** Hard eviction threshold of the AL2023 nodes (nodeadm's kubelet configuration: `memory.available: 100Mi`). */
export const EVICTION_HARD_MEMORY_MIB = 100;

/**
 * CPU the AL2023 nodes reserve for the kubelet and system: 6% of the first core, 1% of the second,
 * 0.5% of cores three and four, 0.25% of the rest (nodeadm `getCPUMillicoresToReserve`).
 * @see https://github.com/awslabs/amazon-eks-ami/blob/main/nodeadm/internal/kubelet/config.go
 */
export function reservedCpuMillicores(vcpus: number): number {
  const total = vcpus * 1000;
  const ranges: Array<[number, number, number]> = [[0, 1000, 600], [1000, 2000, 100], [2000, 4000, 50], [4000, total, 25]];
  return ranges.reduce((sum, [start, end, basisPoints]) => sum + (total <= start ? 0 : ((Math.min(total, end) - start) * basisPoints) / 10000), 0);
}

/** Memory the AL2023 nodes reserve for the kubelet: 11 MiB per pod of max pods plus 255 MiB (nodeadm `getMemoryMebibytesToReserve`). */
export function reservedMemoryMiB(maxPods: number): number {
  return 11 * maxPods + 255;
}

/** What the scheduler may place on one node of `instanceType` (allocatable), with the figures it comes from. */
export function allocatable(instanceType: string): Resources & { readonly maxPods: number } {
  const size = Object.prototype.hasOwnProperty.call(INSTANCE_SIZES, instanceType) ? INSTANCE_SIZES[instanceType] : undefined;
  if (!size) throw new Error(`no capacity known for instance type ${instanceType}; add it to lib/cost/price-list.ts with its price, vCPUs, memory and their source`);
  // Managed node groups compute max pods from the VPC CNI's prefix delegation (lib/network/address-plan.ts).
  const maxPods = maxPodsPerNode(instanceType);
  return {
    cpu: size.vcpus * 1000 - reservedCpuMillicores(size.vcpus),
    memory: size.memoryGiB * 1024 * (1 - VM_MEMORY_OVERHEAD) - reservedMemoryMiB(maxPods) - EVICTION_HARD_MEMORY_MIB,
    maxPods,
  };
}

/** A pod to place, with where its requests come from. */
export interface PodRequest extends Resources {
  /** e.g. `Deployment ui/ui`, `add-on coredns`. */
  readonly name: string;
  /** Whether one runs on every node (DaemonSet) rather than somewhere in the cluster. */
  readonly perNode: boolean;
}

/**
 * The pods of the cluster's add-ons as the plan lists them (lib/plan/add-ons/: each add-on's pods
 * and requests, with the chart or manifest they come from): one per node for a DaemonSet, `replicas`
 * otherwise, each pod's containers times the request of one.
 */
export function addOnPods(addOns: readonly AddOnSpec[]): PodRequest[] {
  return addOns.flatMap((addOn) =>
    addOn.pods.flatMap((pods) =>
      Array.from({ length: pods.perNode ? 1 : pods.replicas }, () => ({
        name: `add-on ${pods.name}`,
        perNode: pods.perNode,
        cpu: pods.containers * pods.cpuMillicores,
        memory: pods.containers * pods.memoryMiB,
      })),
    ),
  );
}

/** The requests of one pod of a workload (its containers; an init container counts when it asks for more). */
function podRequests(spec: any): Resources {
  const sum = (list: any[]) =>
    list.reduce(
      (total, c) => ({
        cpu: total.cpu + cpuMillicores(c.resources?.requests?.cpu ?? '0'),
        memory: total.memory + memoryMiB(c.resources?.requests?.memory ?? '0'),
      }),
      { cpu: 0, memory: 0 },
    );
  const containers = sum(spec?.containers ?? []);
  const init = (spec?.initContainers ?? []).map((c: any) => sum([c]));
  return {
    cpu: Math.max(containers.cpu, ...init.map((r: Resources) => r.cpu)),
    memory: Math.max(containers.memory, ...init.map((r: Resources) => r.memory)),
  };
}

/**
 * The pods the workloads stack runs at once: replicas of each StatefulSet and Deployment, one per
 * node of each DaemonSet, `parallelism` pods of each Job and one of each CronJob (counted although
 * they finish).
 */
export function workloadPods(objects: readonly RenderedObject[]): PodRequest[] {
  return objects.flatMap(({ object: o }) => {
    const template = podTemplateOf(o);
    if (!template) return [];
    const spec = o.spec as any;
    const name = `${o.kind} ${o.metadata.namespace ?? 'default'}/${o.metadata.name}`;
    const count = ['StatefulSet', 'Deployment', 'ReplicaSet'].includes(o.kind) ? Number(spec.replicas ?? 1) : o.kind === 'Job' ? Number(spec.parallelism ?? 1) : 1;
    const requests = podRequests(template.spec);
    return Array.from({ length: count }, () => ({ name, perNode: o.kind === 'DaemonSet', ...requests }));
  });
}

/** The outcome of placing every pod on the node group. */
export interface NodeGroupFit {
  /** Allocatable of one node. */
  readonly node: Resources;
  /** Nodes. */
  readonly nodes: number;
  /** What each node has left after placement. */
  readonly free: readonly Resources[];
  /** Pods no node had room for. */
  readonly unplaced: readonly string[];
  /** Requested / allocatable over the whole group, CPU and memory (0..1). */
  readonly utilization: Resources;
}

/**
 * Places `pods` on `nodes` nodes of `instanceType` as the scheduler could at best: one of each
 * per-node pod on every node, then the others largest first (memory, then CPU) on the first node with
 * room (first-fit decreasing).
 */
export function fitNodeGroup(pods: readonly PodRequest[], instanceType: string, nodes: number): NodeGroupFit {
  const node = allocatable(instanceType);
  const perNode = pods.filter((p) => p.perNode);
  const free = Array.from({ length: nodes }, () => ({
    cpu: node.cpu - perNode.reduce((s, p) => s + p.cpu, 0),
    memory: node.memory - perNode.reduce((s, p) => s + p.memory, 0),
    pods: node.maxPods - perNode.length,
  }));
  const unplaced: string[] = free.some((f) => f.cpu < 0 || f.memory < 0) ? perNode.map((p) => p.name) : [];
  const others = pods.filter((p) => !p.perNode).sort((a, b) => b.memory - a.memory || b.cpu - a.cpu);
  for (const pod of others) {
    const target = free.find((f) => f.cpu >= pod.cpu && f.memory >= pod.memory && f.pods >= 1);
    if (!target) {
      unplaced.push(pod.name);
      continue;
    }
    target.cpu -= pod.cpu;
    target.memory -= pod.memory;
    target.pods -= 1;
  }
  const requested = (key: 'cpu' | 'memory') => perNode.reduce((s, p) => s + p[key], 0) * nodes + others.reduce((s, p) => s + p[key], 0);
  return {
    node: { cpu: node.cpu, memory: node.memory },
    nodes,
    free: free.map(({ cpu, memory }) => ({ cpu, memory })),
    unplaced,
    utilization: { cpu: requested('cpu') / (node.cpu * nodes), memory: requested('memory') / (node.memory * nodes) },
  };
}
