import { CONTROL_PLANE_LOG_TYPES, SecretsEncryption } from '../config/lab-config';
import type { LabPlan } from '../plan/lab-plan';
import { assumptions, databaseVolumes, quotaNotes } from './cost-assumptions';
import { dollars, rate, round, sum } from './cost-math';
import { imageArchitectureProblem } from '../plan/image-pins';
import { cpuArchitectureOf } from '../plan/instance-architecture';
import { CostEstimateError, CostItem, CostLineItem, CostScope, LabCostEstimate, NetworkLayoutCost, NodeTypeOption } from './lab-cost-estimate';
import { PRICE_LIST, PriceList, USAGE_ASSUMPTIONS, UsageAssumptions } from './price-list';

export { CostEstimateError };

/** Inputs of {@link estimateLabCost} besides the configuration. */
export interface EstimateLabCostOptions {
  /** The prices to apply. @default PRICE_LIST */
  readonly prices?: PriceList;
  /** The usage to assume where prices are per GB. @default USAGE_ASSUMPTIONS */
  readonly usage?: UsageAssumptions;
}

/** Roster sizes the estimate always shows, besides the configured one. */
const ROSTER_SIZES = [1, 10, 30, 50, 100, 200];

/**
 * Estimates what the configured lab, or class of labs, costs per hour and per day, from a dated list
 * price table and two stated usage assumptions. Pure: no clock, no network, no files.
 *
 * Nodes are priced at `nodeGroup.desiredSize` of the first instance type (managed node groups launch
 * On-Demand capacity in the listed order); every listed type must have a price, because the ceiling
 * uses the dearest.
 *
 * @throws CostEstimateError naming `nodeGroup.instanceTypes` when a type has no price in the table.
 */
export function estimateLabCost(plan: LabPlan, options: EstimateLabCostOptions = {}): LabCostEstimate {
  const prices = options.prices ?? PRICE_LIST;
  const usage = options.usage ?? USAGE_ASSUMPTIONS;
  const { config, nodeGroup } = plan;
  const instancePrices = priceInstanceTypes(nodeGroup.instanceTypes, prices);
  const participants = plan.labs.length;
  const natGatewaysPerNetwork = plan.networks[0].natGateways;
  const volumes = databaseVolumes(plan);
  const gp3PerGBHour = prices.ebsGp3PerGBMonth / prices.hoursPerMonth;
  const firstType = nodeGroup.instanceTypes[0];
  const enabledLogTypes = config.controlPlaneLogTypes.length;
  const allLogTypes = CONTROL_PLANE_LOG_TYPES.length;
  const logGBPerHour = (usage.controlPlaneLogGBPerClusterHour * enabledLogTypes) / allLogTypes;
  const customerKey = config.secretsEncryption === SecretsEncryption.CUSTOMER_MANAGED;

  const labLines: Array<Omit<LineSpec, 'scope'>> = [
    {
      item: CostItem.EKS_CONTROL_PLANE,
      label: 'EKS control plane',
      basis: `1 cluster x ${dollars(prices.eksStandardSupportPerHour)}/h`,
      eachPerHour: prices.eksStandardSupportPerHour,
    },
    {
      item: CostItem.NODES,
      label: 'Nodes (EC2)',
      basis: `${nodeGroup.desiredSize} x ${firstType} x ${dollars(instancePrices[0])}/h`,
      eachPerHour: nodeGroup.desiredSize * instancePrices[0],
    },
    {
      item: CostItem.NODE_ROOT_VOLUMES,
      label: 'EBS node root volumes',
      basis: `${nodeGroup.desiredSize} x ${nodeGroup.diskSizeGiB} GiB gp3 x ${dollars(prices.ebsGp3PerGBMonth)}/GB-month`,
      eachPerHour: nodeGroup.desiredSize * nodeGroup.diskSizeGiB * gp3PerGBHour,
    },
    {
      item: CostItem.DATABASE_VOLUMES,
      label: 'EBS database volumes',
      basis: `${volumes.count} x ${config.databaseVolumeGiB} GiB gp3 x ${dollars(prices.ebsGp3PerGBMonth)}/GB-month`,
      eachPerHour: volumes.totalGiB * gp3PerGBHour,
    },
  ];
  if (enabledLogTypes > 0) {
    labLines.push({
      item: CostItem.CONTROL_PLANE_LOGS,
      label: 'CloudWatch Logs ingestion',
      basis: `${round(logGBPerHour, 4)} GB/h (assumed, ${enabledLogTypes}/${allLogTypes} log types) x ${dollars(prices.logsIngestionPerGB)}/GB`,
      eachPerHour: logGBPerHour * prices.logsIngestionPerGB,
      assumed: true,
    });
  }
  if (customerKey) {
    labLines.push({
      item: CostItem.KMS_KEY,
      label: 'KMS customer-managed key',
      basis: `1 key x ${dollars(prices.kmsKeyPerMonth)}/month`,
      eachPerHour: prices.kmsKeyPerMonth / prices.hoursPerMonth,
    });
  }
  labLines.push({
    item: CostItem.NAT_DATA_PROCESSING,
    label: 'NAT data processing',
    basis: `${usage.natDataGBPerParticipantDay} GB/day (assumed) x ${dollars(prices.natGatewayPerGB)}/GB`,
    eachPerHour: (usage.natDataGBPerParticipantDay / 24) * prices.natGatewayPerGB,
    assumed: true,
  });
  const networkLines: Array<Omit<LineSpec, 'scope'>> = [
    {
      item: CostItem.NAT_GATEWAYS,
      label: 'NAT gateway hours',
      basis: `${natGatewaysPerNetwork} x ${dollars(prices.natGatewayPerHour)}/h`,
      eachPerHour: natGatewaysPerNetwork * prices.natGatewayPerHour,
    },
    {
      item: CostItem.NAT_PUBLIC_IPV4,
      label: 'NAT public IPv4',
      basis: `${natGatewaysPerNetwork} address${natGatewaysPerNetwork === 1 ? '' : 'es'} x ${dollars(prices.publicIpv4PerHour)}/h`,
      eachPerHour: natGatewaysPerNetwork * prices.publicIpv4PerHour,
    },
  ];
  const items = [
    ...labLines.map((line) => lineItem({ ...line, scope: CostScope.LAB }, participants, participants)),
    ...networkLines.map((line) => lineItem({ ...line, scope: CostScope.NETWORK }, plan.networks.length, participants)),
  ];

  const labPerHour = sum(labLines.map((l) => l.eachPerHour));
  const networkPerHour = sum(networkLines.map((l) => l.eachPerHour));
  const classPerHour = sum(items.map((i) => i.class.perHour));

  const dearest = instancePrices.reduce((best, price, i) => (price > instancePrices[best] ? i : best), 0);
  const ceilingExtraPerLab =
    nodeGroup.maxSize * (instancePrices[dearest] + nodeGroup.diskSizeGiB * gp3PerGBHour) -
    nodeGroup.desiredSize * (instancePrices[0] + nodeGroup.diskSizeGiB * gp3PerGBHour);
  const ceilingClassPerHour = classPerHour + participants * ceilingExtraPerLab;

  const layout = (networks: number): NetworkLayoutCost => {
    const perHour = participants * labPerHour + networks * networkPerHour;
    return { networks, natGateways: networks * natGatewaysPerNetwork, class: rate(perHour), perParticipant: rate(perHour / participants) };
  };
  // The configured layout: a class's shared networks, or one each (a single lab, or accounts per participant).
  const shared = layout(plan.networks.length);
  const separate = layout(participants);
  const networksFor = (n: number) => (plan.participantsPerNetwork > 0 ? Math.ceil(n / plan.participantsPerNetwork) : n);

  return {
    region: config.region,
    participants,
    hasRoster: plan.isClass,
    mode: plan.mode,
    participantsPerNetwork: plan.participantsPerNetwork,
    prices: { region: prices.region, regionName: prices.regionName, date: prices.date, source: prices.source },
    regionDiffers: config.region !== prices.region,
    items,
    class: rate(classPerHour),
    perParticipant: rate(classPerHour / participants),
    perAdditionalParticipant: rate(labPerHour),
    nodeTypes: nodeTypeOptions(plan, prices, instancePrices[0], participants, classPerHour),
    nodeCeiling: {
      nodes: nodeGroup.maxSize,
      instanceType: nodeGroup.instanceTypes[dearest],
      class: rate(ceilingClassPerHour),
      perParticipant: rate(ceilingClassPerHour / participants),
    },
    networkSharing: {
      natGatewaysPerNetwork,
      networkCost: rate(networkPerHour),
      shared,
      separate,
      savings: rate(separate.class.perHour - shared.class.perHour),
      quotaNotes: quotaNotes(separate),
    },
    rosterSizes: [...new Set([...ROSTER_SIZES, participants])]
      .sort((a, b) => a - b)
      .map((n) => ({
        participants: n,
        networksShared: networksFor(n),
        perParticipantShared: rate((n * labPerHour + networksFor(n) * networkPerHour) / n),
        classShared: rate(n * labPerHour + networksFor(n) * networkPerHour),
        classSeparate: rate(n * (labPerHour + networkPerHour)),
      })),
    assumptions: assumptions(plan, prices, usage, logGBPerHour),
    excluded: [
      `CloudWatch Logs storage (${dollars(prices.logsStoragePerGBMonth)}/GB-month of compressed logs, at most logRetentionDays (${config.logRetentionDays}) days of ingestion)`,
      'data transfer: between zones (nodes reaching a NAT gateway in another zone) and to the internet',
      'load balancers, volumes and public IPs that learners create in exercises',
      'API requests (KMS, S3, CloudWatch), EBS snapshots, taxes, free tier, credits and savings plans',
    ],
  };
}

/** A line before the class's counts are applied. */
interface LineSpec {
  readonly item: CostItem;
  readonly label: string;
  readonly scope: CostScope;
  readonly basis: string;
  readonly eachPerHour: number;
  readonly assumed?: boolean;
}

function lineItem(spec: LineSpec, count: number, participants: number): CostLineItem {
  const classPerHour = spec.eachPerHour * count;
  return {
    item: spec.item,
    label: spec.label,
    scope: spec.scope,
    basis: spec.basis,
    eachPerHour: spec.eachPerHour,
    count,
    class: rate(classPerHour),
    perParticipant: rate(classPerHour / participants),
    assumed: spec.assumed ?? false,
  };
}

/** The hourly price of each listed type, in the list's order. */
function priceInstanceTypes(types: readonly string[], prices: PriceList): number[] {
  const unknown = types
    .map((type, i) => ({ type, i }))
    .filter(({ type }) => !Object.prototype.hasOwnProperty.call(prices.instanceTypes, type));
  if (unknown.length > 0) {
    throw new CostEstimateError(
      `${unknown.map(({ type, i }) => `nodeGroup.instanceTypes[${i}] (${JSON.stringify(type)})`).join(', ')} ` +
        `${unknown.length === 1 ? 'has' : 'have'} no price in the cost table (${prices.region}, ${prices.date}); ` +
        `it knows ${Object.keys(prices.instanceTypes).join(', ')}: choose one of those, or add the type's on-demand price ` +
        'to lib/cost/price-list.ts (every listed type is needed: the first prices the nodes, the dearest the maxSize ceiling)',
    );
  }
  return types.map((type) => prices.instanceTypes[type].perHour);
}

/**
 * The priced types of the configured first type's vCPUs and memory, cheapest first: the class with
 * each as its nodes, the difference per participant, whether the lab's images run on its architecture,
 * and for a burstable type what a sustained load adds in surplus credits and where it stops being the
 * cheaper choice.
 */
function nodeTypeOptions(plan: LabPlan, prices: PriceList, configuredPerHour: number, participants: number, classPerHour: number): NodeTypeOption[] {
  const { nodeGroup, config } = plan;
  const configured = prices.instanceTypes[nodeGroup.instanceTypes[0]];
  const nodes = nodeGroup.desiredSize;
  const same = Object.entries(prices.instanceTypes).filter(([, p]) => p.vcpus === configured.vcpus && p.memoryGiB === configured.memoryGiB);
  const runs = (type: string) => imageArchitectureProblem(config.application, cpuArchitectureOf(type), [type]) === undefined;
  const cheapestSteady = same.filter(([type, p]) => p.burstable === undefined && runs(type)).reduce<number | undefined>((min, [, p]) => (min === undefined || p.perHour < min ? p.perHour : min), undefined);
  return same
    .map(([type, p]): NodeTypeOption => {
      const delta = nodes * (p.perHour - configuredPerHour);
      const architecture = cpuArchitectureOf(type);
      const unavailable = runs(type) ? undefined : `${architecture}: an image of this lab is not confirmed for it`;
      const burstable = p.burstable;
      return {
        instanceType: type,
        architecture,
        configured: type === nodeGroup.instanceTypes[0],
        perParticipant: rate(classPerHour / participants + delta),
        class: rate(classPerHour + participants * delta),
        difference: rate(delta),
        ...(unavailable === undefined ? {} : { unavailable }),
        ...(burstable === undefined
          ? {}
          : {
              sustainedLoad: {
                baselinePerVcpu: burstable.baselinePerVcpu,
                surplusPerVcpuHour: burstable.surplusPerVcpuHour,
                atFullLoadPerParticipant: rate(nodes * p.vcpus * (1 - burstable.baselinePerVcpu) * burstable.surplusPerVcpuHour),
                ...(cheapestSteady === undefined || cheapestSteady <= p.perHour
                  ? {}
                  : { breakEvenUtilization: burstable.baselinePerVcpu + (cheapestSteady - p.perHour) / (p.vcpus * burstable.surplusPerVcpuHour) }),
              },
            }),
      };
    })
    .sort((a, b) => a.perParticipant.perHour - b.perParticipant.perHour || a.instanceType.localeCompare(b.instanceType));
}
