import { partitionOf } from './partition';
import { cidrsOverlap, parseIpv4Cidr } from './ipv4-cidr';
import { show } from './describe-issue';
import { LabConfig, RosterConfig, StateBackend } from './lab-config';

/**
 * The rules that relate two or more fields of a configuration whose fields are each valid. Rules that
 * need the plan's arithmetic (do the nodes fit the subnets?) are the plan's (lib/plan/resolve-lab.ts),
 * and the budget's need of a price the cost layer's (lib/cost/budget-problems.ts).
 */

/** Rules that relate two or more fields; they run once every field is valid on its own. */
export function crossFieldProblems(config: LabConfig): string[] {
  const problems: string[] = [];
  const { minSize, desiredSize, maxSize } = config.nodeGroup;
  if (minSize > maxSize) {
    // One sentence: no desiredSize can satisfy both bounds until they are in order.
    problems.push(`nodeGroup.minSize (${minSize}) must be <= maxSize (${maxSize}), with desiredSize (${desiredSize}) between them`);
  } else {
    if (minSize > desiredSize) {
      problems.push(`nodeGroup.minSize (${minSize}) must be <= desiredSize (${desiredSize})`);
    }
    if (desiredSize > maxSize) {
      problems.push(`nodeGroup.desiredSize (${desiredSize}) must be <= maxSize (${maxSize})`);
    }
  }
  if (config.serviceCidr !== undefined) {
    const service = parseIpv4Cidr(config.serviceCidr);
    const vpc = parseIpv4Cidr(config.vpcCidr);
    if (typeof service !== 'string' && typeof vpc !== 'string' && cidrsOverlap(service, vpc)) {
      problems.push(
        `serviceCidr (${show(config.serviceCidr)}) must not overlap vpcCidr (${show(config.vpcCidr)}): ` +
          'Service cluster IPs would shadow addresses of the VPC, and EKS rejects the cluster',
      );
    }
  }
  if (config.availabilityZones.length === 0) {
    problems.push(
      `availabilityZones (missing) must be set for region ${config.region}: its zone names differ per account (aws ec2 describe-availability-zones)`,
    );
  }
  config.availabilityZones.forEach((az, i) => {
    if (!new RegExp(`^${config.region}[a-z]$`).test(az)) {
      problems.push(
        `availabilityZones[${i}] (${show(az)}) must be an availability zone of region ${config.region}, such as ${config.region}a`,
      );
    }
  });
  duplicates(config.availabilityZones).forEach((az) =>
    problems.push(`availabilityZones (${show(az)}) must not list the same zone twice`),
  );
  const partition = partitionOf(config.region);
  const principals: Array<[string, string]> = [
    ...config.adminPrincipalArns.map((arn, i): [string, string] => [`adminPrincipalArns[${i}]`, arn]),
    ...(config.roster?.instructorPrincipalArns ?? []).map((arn, i): [string, string] => [`roster.instructorPrincipalArns[${i}]`, arn]),
    ...(config.roster?.participants ?? []).map((p, i): [string, string] => [`roster.participants[${i}].principalArn`, p.principalArn]),
  ];
  const firstField = new Map<string, string>();
  for (const [field, arn] of principals) {
    if (arn.split(':')[1] !== partition) {
      problems.push(`${field} (${show(arn)}) must be in partition ${partition} of region ${config.region}`);
    }
    const earlier = firstField.get(arn);
    if (earlier === undefined) {
      firstField.set(arn, field);
    } else {
      // One cluster would get two access entries for it (EKS answers 409), or two participants
      // would reach each other's clusters.
      problems.push(`${field} (${show(arn)}) must not repeat ${earlier}: every principal may appear once`);
    }
  }
  if (config.state.backend === StateBackend.S3 && partitionOf(config.state.region) !== partition) {
    problems.push(`state.region (${show(config.state.region)}) must be in the same partition as region ${config.region}`);
  }
  problems.push(...budgetProblems(config));
  if (config.roster !== undefined) problems.push(...rosterProblems(config, config.roster));
  return problems;
}

/** Rules of the budget guard that relate it to other fields. */
function budgetProblems(config: LabConfig): string[] {
  const { budget } = config;
  if (!budget.enabled) return [];
  const problems: string[] = [];
  if (budget.alertEmails.length === 0) {
    problems.push('budget.alertEmails (missing) must list at least one address when budget.enabled is true: the budget alerts by e-mail');
  }
  // A roster requires expiresOn on its own (rosterProblems).
  if (config.expiresOn === undefined && config.roster === undefined) {
    problems.push('budget.enabled (true) needs expiresOn (missing): the budget watches what the lab still costs on the days after it');
  }
  return problems;
}

/** Rules of a class roster: unique ids, names that fit, and the quotas and address space it relies on. */
function rosterProblems(config: LabConfig, roster: RosterConfig): string[] {
  const problems: string[] = [];
  const firstIndex = new Map<string, number>();
  roster.participants.forEach(({ id }, i) => {
    const earlier = firstIndex.get(id);
    if (earlier !== undefined) {
      problems.push(`roster.participants[${i}].id (${show(id)}) must be unique: roster.participants[${earlier}] has it too`);
      return;
    }
    firstIndex.set(id, i);
  });
  if (config.expiresOn === undefined) {
    problems.push(
      'expiresOn (missing) must be set when there is a roster: every resource of the class is tagged expires-on so forgotten labs can be found',
    );
  }
  const count = roster.participants.length;
  if (count > roster.eksClusterQuota) {
    problems.push(
      `roster.participants (${count} participants) must not exceed roster.eksClusterQuota (${roster.eksClusterQuota}) EKS clusters per region: ` +
        'request a higher quota in Service Quotas and raise eksClusterQuota, or split the class across regions',
    );
  }
  return problems;
}

/** The values that appear more than once in `values`. */
function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
