import { LeftoverGroup, LeftoverGroupKind, LeftoverReport, LeftoverResource } from './leftover-report';

/** Readable names of the resource types a lab leaves most often. */
const TYPE_NAMES: Record<string, string> = {
  'ec2:volume': 'EBS volume',
  'ec2:network-interface': 'network interface',
  'ec2:instance': 'EC2 instance',
  'ec2:vpc': 'VPC',
  'ec2:subnet': 'subnet',
  'ec2:security-group': 'security group',
  'ec2:natgateway': 'NAT gateway',
  'ec2:elastic-ip': 'Elastic IP',
  'ec2:internet-gateway': 'internet gateway',
  'ec2:route-table': 'route table',
  'ec2:launch-template': 'launch template',
  'eks:cluster': 'EKS cluster',
  'eks:nodegroup': 'EKS node group',
  'eks:addon': 'EKS add-on',
  'logs:log-group': 'log group',
  'kms:key': 'KMS key',
  'iam:role': 'IAM role',
  'elasticloadbalancing:loadbalancer': 'load balancer',
  'elasticloadbalancing:targetgroup': 'target group',
};

/**
 * The report as text: one section per participant (or the single lab) and one for what a class
 * shares, each resource with its state and how to remove it; or one line saying nothing is left.
 * Then notes: recently deleted resources that were ignored, and the IAM roles the check cannot see.
 */
export function formatLeftovers(report: LeftoverReport): string {
  const scope = report.participantId === undefined ? `lab ${report.labName}` : `participant ${report.participantId} of lab ${report.labName}`;
  const lines: string[] = [];
  const notChecked = report.accountsNotChecked ?? [];
  if (report.total === 0 && notChecked.length > 0) {
    lines.push(`Nothing left in the accounts checked (clusters checked: ${report.clusterNames.join(', ') || 'none'}); ${notChecked.length} could not be checked (below).`);
  } else if (report.total === 0) {
    lines.push(`Nothing left: no AWS resource in ${report.region} is tagged for ${scope} (clusters checked: ${report.clusterNames.join(', ')}).`);
  } else {
    lines.push(`${report.total} AWS resource${report.total === 1 ? '' : 's'} still tagged for ${scope} in ${report.region}:`);
    for (const group of report.groups) lines.push('', ...formatGroup(group));
    const clean = report.clusterNames.filter((name) => !report.groups.some((g) => g.clusterName === name));
    if (clean.length > 0 && report.groups.some((g) => g.kind === LeftoverGroupKind.PARTICIPANT)) {
      lines.push('', `Nothing left for: ${clean.join(', ')}.`);
    }
  }
  if (report.ignored.length > 0) {
    const n = report.ignored.length;
    lines.push('', `Not counted: ${n} resource${n === 1 ? '' : 's'} the Tagging API still lists, which ${n === 1 ? 'its' : 'their'} own API says ${n === 1 ? 'is' : 'are'} gone or going:`);
    for (const { arn, why } of report.ignored) lines.push(`  - ${arn}: ${why}`);
  }
  for (const account of notChecked) {
    lines.push('', `NOT CHECKED: participant ${account.participantId}'s account ${account.accountId}: ${account.why}`);
  }
  if (report.iamRolesNotChecked.length > 0) lines.push('', ...iamNote(report));
  return `${lines.join('\n')}\n`;
}

/** IAM roles are not in the report: says so, and how to look for them by name. */
function iamNote(report: LeftoverReport): string[] {
  const n = report.iamRolesNotChecked.length;
  // Every role name starts with its cluster name, and every cluster name with the lab name.
  const prefix = `${report.clusterNames.length === 1 ? report.clusterNames[0] : report.labName}-`;
  // The roles' names as patterns, `<cluster>-node`, in the order the lab names them.
  const patterns = report.iamRolesNotChecked.map((role) => {
    const cluster = [...report.clusterNames].sort((a, b) => b.length - a.length).find((c) => role.startsWith(`${c}-`));
    return cluster === undefined ? role : `<cluster>${role.slice(cluster.length)}`;
  });
  return [
    `Not checked: IAM roles. The Resource Groups Tagging API does not list them (IAM is global), so the ${n} role${n === 1 ? '' : 's'} ` +
      `the lab creates (${[...new Set(patterns)].join(', ')}) may still exist; list what is left with:`,
    `  aws iam list-roles --query "Roles[?starts_with(RoleName, '${prefix}')].RoleName" --output text`,
  ];
}

function formatGroup(group: LeftoverGroup): string[] {
  const title =
    group.kind === LeftoverGroupKind.SHARED
      ? 'shared by the class (network)'
      : group.kind === LeftoverGroupKind.LAB
        ? `lab (cluster ${group.clusterName})`
        : `participant ${group.participantId} (cluster ${group.clusterName})${group.inConfiguration ? '' : ', not in the roster any more'}`;
  const lines = [`${title}: ${group.resources.length} left`];
  if (group.destroyCommand !== undefined) {
    const when = group.kind === LeftoverGroupKind.SHARED ? ', after every participant' : '';
    lines.push(`  Terraform may still track some of them: ${group.destroyCommand}${when}; remove the rest one by one:`);
  }
  for (const resource of group.resources) lines.push(...formatResource(resource));
  return lines;
}

function formatResource(resource: LeftoverResource): string[] {
  const type = TYPE_NAMES[`${resource.service}:${resource.resourceType}`] ?? `${resource.service} ${resource.resourceType}`;
  const facts = [resource.state, resource.detail].filter((f) => f !== undefined).join(', ');
  // An EC2 id is what the console and the CLI take; elsewhere the ARN says more (account, parent cluster).
  const arn = resource.arn !== undefined && resource.service !== 'ec2' ? ` ${resource.arn}` : '';
  return [`  - ${type} ${resource.id}${arn}${facts === '' ? '' : ` (${facts})`}`, `      remove: ${resource.removal}`];
}
