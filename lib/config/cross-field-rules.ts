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
    // Zone letters run from a to f in every region (us-east-1 has the most); npm run preflight checks the account's.
    if (!new RegExp(`^${config.region}[a-f]$`).test(az)) {
      problems.push(
        `availabilityZones[${i}] (${show(az)}) must be an availability zone of region ${config.region}: ${config.region} and a letter a to f, such as ${config.region}a`,
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
    ...(config.roster?.participants ?? []).flatMap((p, i): Array<[string, string]> =>
      p.principalArn === undefined ? [] : [[`roster.participants[${i}].principalArn`, p.principalArn]],
    ),
    // A permission set's role is shared by its users, so it may repeat; the partition still matters.
    ...(config.roster?.participants ?? []).flatMap((p, i): Array<[string, string]> =>
      p.ssoUser === undefined ? [] : [[`roster.participants[${i}].ssoUser.permissionSetRoleArn`, p.ssoUser.permissionSetRoleArn]],
    ),
  ];
  const firstField = new Map<string, string>();
  for (const [field, arn] of principals) {
    if (arn.split(':')[1] !== partition) {
      problems.push(`${field} (${show(arn)}) must be in partition ${partition} of region ${config.region}`);
    }
    if (field.endsWith('.ssoUser.permissionSetRoleArn')) continue;
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
  problems.push(...identityProblems(roster));
  if (config.expiresOn === undefined) {
    problems.push(
      'expiresOn (missing) must be set when there is a roster: every resource of the class is tagged expires-on so forgotten labs can be found',
    );
  }
  const count = roster.participants.length;
  const withAccount = roster.participants.filter((p) => p.accountId !== undefined).length;
  if (withAccount > 0) return [...problems, ...accountProblems(config, roster)];
  if (count > roster.eksClusterQuota) {
    problems.push(
      `roster.participants (${count} participants) must not exceed roster.eksClusterQuota (${roster.eksClusterQuota}) EKS clusters per region: ` +
        'request a higher quota in Service Quotas and raise eksClusterQuota, or split the class across regions',
    );
  }
  return problems;
}

/**
 * Every participant is either an IAM principal (`principalArn`) or an IAM Identity Center user
 * (`ssoUser`), and no Identity Center user appears twice: one user reaching two labs would make the
 * roster's isolation a lie.
 */
function identityProblems(roster: RosterConfig): string[] {
  const problems: string[] = [];
  const firstUser = new Map<string, number>();
  roster.participants.forEach((p, i) => {
    if (p.principalArn !== undefined && p.ssoUser !== undefined) {
      problems.push(
        `roster.participants[${i}] (${show(p.id)}) must set principalArn or ssoUser, not both: ` +
          'principalArn for an IAM role or user of their own, ssoUser for an IAM Identity Center user of a shared permission set',
      );
    } else if (p.principalArn === undefined && p.ssoUser === undefined) {
      problems.push(
        `roster.participants[${i}].principalArn (missing) must be set, or ssoUser: who gets cluster-admin on ${show(p.id)}'s cluster ` +
          '(an IAM role or user ARN, or an IAM Identity Center user: { permissionSetRoleArn, userName })',
      );
    }
    if (p.ssoUser === undefined) return;
    const key = `${p.ssoUser.permissionSetRoleArn.split(':')[4]} ${p.ssoUser.userName}`;
    const earlier = firstUser.get(key);
    if (earlier !== undefined) {
      problems.push(
        `roster.participants[${i}].ssoUser.userName (${show(p.ssoUser.userName)}) must not repeat roster.participants[${earlier}] in the same account: one user, one lab`,
      );
    } else {
      firstUser.set(key, i);
    }
  });
  return problems;
}

/**
 * Rules of a class of one account per participant: every participant has an account, a different
 * one, and a principal in it; nothing is shared, so the settings of a shared network do not apply.
 */
function accountProblems(config: LabConfig, roster: RosterConfig): string[] {
  const problems: string[] = [];
  const firstWith = roster.participants.findIndex((p) => p.accountId !== undefined);
  const firstIndex = new Map<string, number>();
  roster.participants.forEach((p, i) => {
    if (p.accountId === undefined) {
      problems.push(
        `roster.participants[${i}].accountId (missing) must be set because roster.participants[${firstWith}] has one: ` +
          'a class is either one account per participant (every participant names an accountId) or one shared account (none does)',
      );
      return;
    }
    const earlier = firstIndex.get(p.accountId);
    if (earlier !== undefined) {
      problems.push(`roster.participants[${i}].accountId (${show(p.accountId)}) must not repeat roster.participants[${earlier}]: one account per participant`);
    } else {
      firstIndex.set(p.accountId, i);
    }
    const [field, arn] =
      p.ssoUser === undefined ? ['principalArn', p.principalArn] : ['ssoUser.permissionSetRoleArn', p.ssoUser.permissionSetRoleArn];
    if (arn !== undefined && arn.split(':')[4] !== p.accountId) {
      problems.push(
        `roster.participants[${i}].${field} (${show(arn)}) must be a principal of the participant's account ${p.accountId}: ` +
          'they fetch their kubeconfig (eks:DescribeCluster) there, which another account\'s principal cannot',
      );
    }
  });
  if (config.bootstrapCreatorAdmin) {
    problems.push(
      `bootstrapCreatorAdmin (true) must not be set with accounts per participant: each cluster gives roster.accountRoleName (${roster.accountRoleName}), ` +
        'the role the deploy assumes there, an access entry of its own, and EKS answers 409 to a second one',
    );
  }
  if (roster.participantsPerNetwork !== undefined) {
    problems.push(
      `roster.participantsPerNetwork (${roster.participantsPerNetwork}) applies only to a class in one account: with accounts per participant each lab has its own network`,
    );
  }
  return problems;
}

/** The values that appear more than once in `values`. */
function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
}
