import { CONTROL_PLANE_LOG_TYPES, NatGatewayMode, SecretsEncryption } from '../config/lab-config';
import { ClassMode, LabPlan } from '../plan/lab-plan';
import { estimatedVcpus } from '../plan/address-plan';
import { DEFAULT_NETWORK_QUOTAS } from '../plan/resolve-lab';
import { dollars, round } from './cost-math';
import type { NetworkLayoutCost } from './lab-cost-estimate';
import type { PriceList, UsageAssumptions } from './price-list';

/** Every assumption the estimate of `plan` rests on, one sentence each. */
export function assumptions(
  plan: LabPlan,
  prices: PriceList,
  usage: UsageAssumptions,
  logGBPerHour: number,
): string[] {
  const { config, nodeGroup } = plan;
  const [firstType, ...fallbacks] = nodeGroup.instanceTypes;
  const volumes = databaseVolumes(plan);
  const out: string[] = [];
  out.push(layoutSentence(plan));
  out.push(
    `Nodes are priced at nodeGroup.desiredSize (${nodeGroup.desiredSize}) x ${firstType}, the first listed type ` +
      '(managed node groups launch On-Demand capacity in the listed order); scaling up to ' +
      `nodeGroup.maxSize (${nodeGroup.maxSize}) is shown as the ceiling` +
      (fallbacks.length > 0 ? `, priced with the dearest listed type (fallback types: ${fallbacks.join(', ')}).` : '.'),
  );
  nodeGroup.instanceTypes.forEach((type) => {
    const note = prices.instanceTypes[type]?.note;
    if (note !== undefined) out.push(`${type}: ${note}.`);
  });
  out.push(
    `EKS control plane at standard support (${dollars(prices.eksStandardSupportPerHour)}/h): the cluster's upgrade policy is ` +
      `STANDARD, so EKS upgrades it at the end of standard support instead of billing extended support (${dollars(prices.eksExtendedSupportPerHour)}/h).`,
  );
  out.push(
    `EBS gp3 at ${dollars(prices.ebsGp3PerGBMonth)} per GB-month over ${prices.hoursPerMonth} hours, billed per provisioned GiB ` +
      `with baseline IOPS and throughput; ${volumes.count} database volumes per lab (${volumes.owners.join(', ')}) of ` +
      `databaseVolumeGiB (${config.databaseVolumeGiB} GiB), billed while they exist.`,
  );
  out.push(
    config.controlPlaneLogTypes.length === 0
      ? 'Control-plane logging is off (controlPlaneLogTypes is empty): no log ingestion.'
      : `Control-plane logs: ASSUMED ${usage.controlPlaneLogGBPerClusterHour} GB per cluster-hour with all ` +
          `${CONTROL_PLANE_LOG_TYPES.length} log types, scaled to the ${config.controlPlaneLogTypes.length} enabled ` +
          `(${round(logGBPerHour, 4)} GB/h), x ${dollars(prices.logsIngestionPerGB)}/GB; audit and api are most of the ` +
          "volume, so check the log group's IncomingBytes after a class.",
  );
  out.push(
    `NAT data processing: ASSUMED ${usage.natDataGBPerParticipantDay} GB per participant-day (image pulls and AWS API ` +
      `traffic; the lab has no VPC endpoints) x ${dollars(prices.natGatewayPerGB)}/GB.`,
  );
  out.push(
    config.secretsEncryption === SecretsEncryption.CUSTOMER_MANAGED
      ? `One customer-managed KMS key per cluster, ${dollars(prices.kmsKeyPerMonth)} per month prorated over ${prices.hoursPerMonth} hours.`
      : "Secrets use EKS's default envelope encryption with an AWS-owned key (secretsEncryption aws-managed): no KMS charge.",
  );
  out.push(
    `NAT gateways: ${config.natGateways === NatGatewayMode.PER_AZ ? `one per zone (${config.availabilityZones.length})` : 'one'} ` +
      'per network, each with one public IPv4 address.',
  );
  out.push('Per day = 24 x per hour: everything is billed around the clock from deploy to destroy, used or not.');
  return out;
}

/** Default quotas one network per participant would run into, one sentence each. */
export function quotaNotes(separate: NetworkLayoutCost): string[] {
  const notes: string[] = [];
  if (separate.networks > DEFAULT_NETWORK_QUOTAS.vpcs) {
    notes.push(
      `one network each needs ${separate.networks} VPCs: the default quota is ${DEFAULT_NETWORK_QUOTAS.vpcs} per region (the default VPC counts)`,
    );
  }
  if (separate.natGateways > DEFAULT_NETWORK_QUOTAS.elasticIps) {
    notes.push(
      `one network each needs ${separate.natGateways} Elastic IPs for its NAT gateways: the default quota is ${DEFAULT_NETWORK_QUOTAS.elasticIps} per region`,
    );
  }
  return notes;
}


/** The EBS volumes the data stores of one lab claim: how many, their GiB in all, and whose they are. */
export function databaseVolumes(plan: LabPlan): { readonly count: number; readonly totalGiB: number; readonly owners: readonly string[] } {
  const claims = plan.workloads.flatMap((w) => (w.volumeClaims ?? []).flatMap((c) => Array.from({ length: w.replicas ?? 1 }, () => ({ owner: w.name, sizeGiB: c.sizeGiB }))));
  return { count: claims.length, totalGiB: claims.reduce((n, c) => n + c.sizeGiB, 0), owners: [...new Set(claims.map((c) => c.owner))] };
}

/** The layout the estimate prices, in a sentence. */
function layoutSentence(plan: LabPlan): string {
  const n = plan.labs.length;
  switch (plan.mode) {
    case ClassMode.SINGLE_LAB:
      return 'No roster: a single lab, one participant with a network of its own.';
    case ClassMode.ACCOUNT_PER_PARTICIPANT:
      return (
        `A class of ${n} participants, each in an AWS account of their own with the single lab's layout (own network and NAT gateway); ` +
        `one lab needs ${plan.nodeGroup.desiredSize * estimatedVcpus(plan.nodeGroup.instanceTypes[0])} vCPUs at desiredSize ` +
        `(${plan.nodeGroup.maxSize * Math.max(...plan.nodeGroup.instanceTypes.map(estimatedVcpus))} at maxSize), within the 32 On-Demand Standard vCPUs ` +
        'a new account is usually given (npm run preflight reads each account\'s quota).'
      );
    case ClassMode.SHARED_ACCOUNT:
      return plan.networks.length === 1
        ? `A class of ${n} participants, one lab each, all on one shared network (it holds ${plan.participantsPerNetwork} at nodeGroup.maxSize ${plan.nodeGroup.maxSize}).`
        : `A class of ${n} participants, one lab each, on ${plan.networks.length} shared networks of at most ${plan.participantsPerNetwork} ` +
            `(what one network's address space holds at nodeGroup.maxSize ${plan.nodeGroup.maxSize}).`;
  }
}
