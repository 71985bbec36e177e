import { RetailApplication } from '../../lib/config/lab-config';
import { PRICE_LIST } from '../../lib/cost/price-list';
import { labConfig, planOf, synthLab } from '../support/fixtures';
import {
  addOnPods,
  allocatable,
  cpuMillicores,
  fitNodeGroup,
  memoryMiB,
  reservedCpuMillicores,
  reservedMemoryMiB,
  workloadPods,
} from '../support/node-capacity';
import { RenderedObject, renderKubernetesObjects } from '../support/render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit rendered objects freely */

/** Requests may use at most this share of the node group: room for a rolling update's surge pod and a learner's experiments. */
const MAX_UTILIZATION = 0.8;

const config = labConfig();
const rendered = renderKubernetesObjects(synthLab(config)['eks-workshop-workloads']);
const [instanceType] = config.nodeGroup.instanceTypes;
const plan = planOf(config);
const podsOf = (objects: readonly RenderedObject[]) => [...addOnPods(plan.addOns), ...workloadPods(objects)];

describe('the default node group holds the whole lab', () => {
  test('it is 3 x t3a.large (issue 21: the workshop\'s m5.large at a lower price, same vCPUs and memory)', () => {
    expect([instanceType, config.nodeGroup.desiredSize]).toEqual(['t3a.large', 3]);
    expect([allocatable('t3a.large'), allocatable('m5.large')].map((n) => [n.cpu, n.memory])).toEqual([[1930, allocatable('m5.large').memory], [1930, allocatable('m5.large').memory]]);
  });

  test.each(Object.keys(PRICE_LIST.instanceTypes).filter((t) => PRICE_LIST.instanceTypes[t].vcpus === 2 && PRICE_LIST.instanceTypes[t].memoryGiB === 8))(
    'every node type of equal capability holds the whole lab with headroom: %s',
    (type) => {
      const fit = fitNodeGroup(podsOf(rendered), type, 3);
      expect(fit.unplaced).toEqual([]);
      expect(Math.max(fit.utilization.cpu, fit.utilization.memory)).toBeLessThanOrEqual(MAX_UTILIZATION);
    },
  );

  test("the burstable default: the lab's CPU requests are 55% of the nodes' CPU, above t3a.large's 30% baseline: what using them around the clock would cost", () => {
    const { burstable, vcpus } = PRICE_LIST.instanceTypes['t3a.large'];
    const pods = podsOf(rendered);
    const perNode = pods.filter((p) => p.perNode).reduce((n, p) => n + p.cpu, 0);
    const requested = perNode * 3 + pods.filter((p) => !p.perNode).reduce((n, p) => n + p.cpu, 0);
    expect(requested).toBe(3330); // millicores over 3 nodes
    const share = requested / (3 * vcpus * 1000);
    expect(share).toBeCloseTo(0.555, 3);
    // Requests are what the pods reserve, not what they burn (an idle store uses a small part of them).
    // Were they burned around the clock, surplus credits would add (3.33 - 3 x 2 x 0.30) vCPU-h x $0.05
    // = $0.0765 per participant-hour: t3a.large would then cost more than m5.large (docs/cost.md).
    const surplusPerParticipantHour = (requested / 1000 - 3 * vcpus * (burstable?.baselinePerVcpu ?? 1)) * (burstable?.surplusPerVcpuHour ?? 0);
    expect(surplusPerParticipantHour).toBeCloseTo(0.0765, 10);
    expect(surplusPerParticipantHour).toBeGreaterThan(3 * (PRICE_LIST.instanceTypes['m5.large'].perHour - PRICE_LIST.instanceTypes['t3a.large'].perHour));
  });

  test("an m5.large's allocatable by EKS's AL2023 formula: 1930m CPU, about 5.9 GiB at 110 pods", () => {
    expect(reservedCpuMillicores(2)).toBe(70); // 6% of core 1 + 1% of core 2
    expect(reservedMemoryMiB(110)).toBe(1465); // 11 MiB x 110 pods + 255 MiB
    const node = allocatable('m5.large');
    expect(node.maxPods).toBe(110);
    expect(node.cpu).toBe(1930);
    expect(node.memory).toBeCloseTo(8192 * 0.925 - 1465 - 100, 5);
  });

  test('every pod of the store, the data stores, the module workloads and the add-ons fits, with headroom', () => {
    const pods = podsOf(rendered);
    // The store is counted: six Deployments, three StatefulSets, the DaemonSet, two Jobs and the CronJob.
    expect(workloadPods(rendered).map((p) => p.name)).toEqual(expect.arrayContaining(['Deployment ui/ui', 'Deployment carts/carts-dynamodb', 'StatefulSet catalog/catalog-mysql', 'DaemonSet kube-system/log-collector']));
    const fit = fitNodeGroup(pods, instanceType, config.nodeGroup.desiredSize);
    expect(fit.unplaced).toEqual([]);
    expect(fit.utilization.cpu).toBeLessThanOrEqual(MAX_UTILIZATION);
    expect(fit.utilization.memory).toBeLessThanOrEqual(MAX_UTILIZATION);
    // And the largest pod (the UI) still fits on a node the others have filled (a rescheduling after a node loss needs it).
    const largest = Math.max(...pods.map((p) => p.memory));
    expect(Math.max(...fit.free.map((f) => f.memory))).toBeGreaterThanOrEqual(largest);
  });

  test('the check fails for a deliberately oversized request: a UI asking for 6 GiB fits no node', () => {
    const oversized = JSON.parse(JSON.stringify(rendered)) as RenderedObject[];
    const ui = oversized.find((r) => r.object.kind === 'Deployment' && r.object.metadata.name === 'ui')!;
    (ui.object.spec as any).template.spec.containers[0].resources.requests.memory = '6Gi';
    expect(fitNodeGroup(podsOf(oversized), instanceType, config.nodeGroup.desiredSize).unplaced).toEqual(['Deployment ui/ui']);
  });

  test('and fails the headroom when the lab asks for most of the group: three replicas of every service', () => {
    const crowded = JSON.parse(JSON.stringify(rendered)) as RenderedObject[];
    for (const r of crowded.filter((o) => o.object.kind === 'Deployment')) (r.object.spec as any).replicas = 3;
    const fit = fitNodeGroup(podsOf(crowded), instanceType, config.nodeGroup.desiredSize);
    expect(fit.unplaced.length > 0 || fit.utilization.memory > MAX_UTILIZATION).toBe(true);
  });

  test('the smaller lab fits too', () => {
    const small = renderKubernetesObjects(synthLab(labConfig({ application: RetailApplication.DATA_STORES }))['eks-workshop-workloads']);
    const fit = fitNodeGroup(podsOf(small), instanceType, config.nodeGroup.desiredSize);
    expect(fit.unplaced).toEqual([]);
    expect(fit.utilization.memory).toBeLessThan(fitNodeGroup(podsOf(rendered), instanceType, 3).utilization.memory);
  });
});

describe('the add-ons\' pods come from the plan', () => {
  test('every add-on of the plan adds its pods: one per node for a DaemonSet, replicas otherwise', () => {
    const pods = addOnPods(plan.addOns);
    expect(new Set(pods.map((p) => p.name))).toEqual(new Set(plan.addOns.flatMap((a) => a.pods.map((p) => `add-on ${p.name}`))));
    // The EBS CSI controller: 2 replicas of 7 containers x 10m/40Mi.
    expect(pods.filter((p) => p.name === 'add-on ebs-csi-controller')).toEqual([
      { name: 'add-on ebs-csi-controller', perNode: false, cpu: 70, memory: 280 },
      { name: 'add-on ebs-csi-controller', perNode: false, cpu: 70, memory: 280 },
    ]);
    expect(pods.filter((p) => p.perNode).map((p) => p.name).sort()).toEqual(
      ['add-on aws-node', 'add-on ebs-csi-node', 'add-on eks-pod-identity-agent', 'add-on kube-proxy'],
    );
  });
});

describe('Kubernetes quantities', () => {
  test.each<[string, number]>([['250m', 250], ['1', 1000], ['0.5', 500], ['2', 2000]])('cpu %s = %d millicores', (q, m) => expect(cpuMillicores(q)).toBe(m));
  test.each<[string, number]>([['512Mi', 512], ['1.5Gi', 1536], ['1Gi', 1024], ['64Mi', 64], ['1024Ki', 1]])('memory %s = %d MiB', (q, m) => expect(memoryMiB(q)).toBe(m));
  test('rejects what is not a quantity', () => {
    expect(() => cpuMillicores('1 core')).toThrow(/not a CPU quantity: "1 core"/);
    expect(() => memoryMiB('1GB')).toThrow(/not a memory quantity: "1GB"/);
  });
});
