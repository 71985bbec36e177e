import { _InstanceType, EC2Client, Instance, paginateDescribeInstances, paginateDescribeInstanceTypes } from '@aws-sdk/client-ec2';
import { LAB_TAG_KEYS } from '../../../config/lab-tags';
import { allItems, AwsCallError } from '../../aws-call-error';
import { otherOnDemandQuota } from '../instance-families';
import { PreflightCheck, PreflightContext, PreflightResult, PreflightRow, plural } from '../preflight-check';
import { LAB_QUOTAS, QUOTA_PERMISSIONS, quotaFigure, quotaIncreaseFix, quotaValue } from '../service-quota';

const CHECK = 'EC2 vCPUs (On-Demand Standard)';

/** Instance types per DescribeInstanceTypes call ("up to 100", DescribeInstanceTypes API reference). */
const TYPES_PER_CALL = 100;

/**
 * The vCPU quota the node groups run against: every checked lab's node group at `desiredSize` (what
 * a deploy launches) and at `maxSize` (the worst case), each node with the vCPUs of the largest
 * configured instance type (DescribeInstanceTypes, `VCpuInfo.DefaultVCpus`), against the applied
 * "Running On-Demand Standard" quota minus what other instances already use.
 *
 * What already runs: instances in state `pending` or `running` (what the quota counts), On-Demand only
 * (no `InstanceLifecycle`: Spot and Capacity Block instances have quotas of their own), of the standard
 * families, each with its `CpuOptions` cores x threads (DescribeInstanceTypes' default when absent). The
 * nodes of the checked labs themselves (tagged `lab` and `env` by the launch template) are not counted
 * as other use: a redeploy replaces nothing.
 *
 * FAIL when the desired nodes do not fit (the deploy would stop at the first node group that does not
 * get its instances, and cdktf then starts no further stacks); WARN when only maxSize does not (nothing
 * in the lab scales a node group up by itself, but a learner or a node group update may).
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeInstanceTypes.html
 */
export const vcpuQuotaCheck: PreflightCheck = {
  name: CHECK,
  permissions: ['ec2:DescribeInstanceTypes', 'ec2:DescribeInstances', ...QUOTA_PERMISSIONS],
  async run(context) {
    const { config, environments, clients } = context;
    const types = [...new Set(config.nodeGroup.instanceTypes)];
    const others = types.filter((t) => otherOnDemandQuota(t) !== undefined);
    const rows: PreflightRow[] = others.map((type) => ({
      check: CHECK,
      result: PreflightResult.WARN,
      figure: `not checked for ${type}: it counts against "${otherOnDemandQuota(type)}", not the standard quota`,
      fix: `check that quota in the Service Quotas console (EC2) for ${plural(environments.length * config.nodeGroup.maxSize, 'node')} of ${type}`,
    }));
    const standard = types.filter((t) => otherOnDemandQuota(t) === undefined);
    if (standard.length === 0) return rows;

    let vcpusByType: Map<string, number>;
    try {
      vcpusByType = await defaultVcpus(clients.ec2, standard);
    } catch (error) {
      if (!(error instanceof AwsCallError) || !error.awsErrorName.startsWith('InvalidInstanceType')) throw error;
      return [
        ...rows,
        {
          check: CHECK,
          result: PreflightResult.FAIL,
          figure: `nodeGroup.instanceTypes (${standard.join(', ')}): ${errorMessage(error)}`,
          fix: `choose instance types offered in ${config.region} (aws ec2 describe-instance-type-offerings --region ${config.region} --query "InstanceTypeOfferings[].InstanceType")`,
        },
      ];
    }
    const [largestType, vcpusPerNode] = [...vcpusByType.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    const labs = environments.length;
    const { desiredSize, maxSize } = config.nodeGroup;
    const atDesired = labs * desiredSize * vcpusPerNode;
    const atMax = labs * maxSize * vcpusPerNode;

    const [quota, usage] = await Promise.all([quotaValue(clients.serviceQuotas, LAB_QUOTAS.standardVcpus), standardUsage(context)]);
    const otherUse = usage.total - usage.ours;
    const free = quota.value - otherUse;
    const need = `${plural(labs, 'lab')} x ${plural(maxSize, 'node')} (maxSize) x ${vcpusPerNode} vCPUs (${largestType}) = ${atMax} vCPUs (${atDesired} at desiredSize ${desiredSize})`;
    const have = `${quotaFigure(quota)}, ${otherUse} used by ${plural(usage.instances - usage.ourInstances, 'other running instance')}` +
      (usage.ours > 0 ? ` (this lab's ${usage.ours} not counted)` : '');
    const raise = quotaIncreaseFix(LAB_QUOTAS.standardVcpus, config.region, otherUse + atMax);
    if (atDesired > free) {
      return [...rows, { check: CHECK, result: PreflightResult.FAIL, figure: `need ${need}; ${have}: ${Math.max(free, 0)} free`, fix: raise }];
    }
    if (atMax > free) {
      return [
        ...rows,
        {
          check: CHECK,
          result: PreflightResult.WARN,
          figure: `need ${need}; ${have}: ${free} free, enough for desiredSize only`,
          fix: `the deploy fits; for node groups to reach maxSize, ${raise}`,
        },
      ];
    }
    return [...rows, { check: CHECK, result: PreflightResult.PASS, figure: `need ${need}; ${have}: ${free} free` }];
  },
};

/** `VCpuInfo.DefaultVCpus` of each type. */
async function defaultVcpus(ec2: EC2Client, types: readonly string[]): Promise<Map<string, number>> {
  const vcpus = new Map<string, number>();
  for (let i = 0; i < types.length; i += TYPES_PER_CALL) {
    const chunk = types.slice(i, i + TYPES_PER_CALL);
    const infos = await allItems(
      'ec2:DescribeInstanceTypes',
      paginateDescribeInstanceTypes({ client: ec2 }, { InstanceTypes: chunk as _InstanceType[] }),
      (page) => page.InstanceTypes,
    );
    infos.forEach((info) => {
      if (info.InstanceType !== undefined && info.VCpuInfo?.DefaultVCpus !== undefined) vcpus.set(info.InstanceType, info.VCpuInfo.DefaultVCpus);
    });
  }
  const unknown = types.filter((t) => !vcpus.has(t));
  if (unknown.length > 0) {
    throw new AwsCallError('ec2:DescribeInstanceTypes', { name: 'InvalidInstanceType', message: `no vCPU count for ${unknown.join(', ')}` });
  }
  return vcpus;
}

/** vCPUs and instances of the standard families that count against the quota now, and how many are the checked labs' nodes. */
async function standardUsage(context: PreflightContext): Promise<{ total: number; ours: number; instances: number; ourInstances: number }> {
  const { ec2 } = context.clients;
  const instances = (
    await allItems(
      'ec2:DescribeInstances',
      paginateDescribeInstances({ client: ec2 }, { Filters: [{ Name: 'instance-state-name', Values: ['pending', 'running'] }], MaxResults: 1000 }),
      (page) => (page.Reservations ?? []).flatMap((r) => r.Instances ?? []),
    )
  ).filter((i) => i.InstanceLifecycle === undefined && i.InstanceType !== undefined && otherOnDemandQuota(i.InstanceType) === undefined);

  const withoutCpuOptions = [...new Set(instances.filter((i) => cpuOptionsVcpus(i) === undefined).map((i) => i.InstanceType as string))];
  const defaults = withoutCpuOptions.length === 0 ? new Map<string, number>() : await defaultVcpus(ec2, withoutCpuOptions);
  const vcpusOf = (i: Instance) => cpuOptionsVcpus(i) ?? defaults.get(i.InstanceType as string) ?? 0;

  const clusters = new Set(context.environments.map((e) => e.clusterName));
  const isOurs = (i: Instance) => {
    const tags = new Map((i.Tags ?? []).map((t) => [t.Key, t.Value]));
    return tags.get(LAB_TAG_KEYS.lab) === context.config.labName && clusters.has(tags.get(LAB_TAG_KEYS.env) ?? '');
  };
  const ours = instances.filter(isOurs);
  const sum = (list: Instance[]) => list.reduce((n, i) => n + vcpusOf(i), 0);
  return { total: sum(instances), ours: sum(ours), instances: instances.length, ourInstances: ours.length };
}

function cpuOptionsVcpus(instance: Instance): number | undefined {
  const { CoreCount, ThreadsPerCore } = instance.CpuOptions ?? {};
  return CoreCount === undefined || ThreadsPerCore === undefined ? undefined : CoreCount * ThreadsPerCore;
}

function errorMessage(error: AwsCallError): string {
  return error.message.replace(/^ec2:DescribeInstanceTypes failed: /, '');
}
