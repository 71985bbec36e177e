import type { EKSClient } from '@aws-sdk/client-eks';
import { paginateGetResources, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { CREATED_BY_TAG_VALUE, LAB_TAG_KEYS } from '../../config/lab-tags';
import { fleetCommands, shellLine } from '../../fleet/fleet-commands';
import { labStackNames, NODE_GROUP_NAME } from '../../plan/lab-names';
import type { LabPlan } from '../../plan/lab-plan';
import { allItems } from '../aws-call-error';
import { permissionsOf } from '../iam-permissions';
import { describeLabCluster, EKS_CLUSTER_PERMISSIONS } from './eks-cluster';
import type { ExpiredLab } from './verify-report';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The IAM permissions {@link findExpiredLabs} needs: the Tagging API's, and EKS's to confirm each cluster. */
export const EXPIRED_LABS_PERMISSIONS: readonly string[] = permissionsOf(['tag:GetResources'], EKS_CLUSTER_PERMISSIONS);

/**
 * Every EKS cluster this project created in the region (tagged `created-by=eks-workshop-lab`, whatever
 * its configuration) whose `expires-on` date is before today (UTC) and that EKS still has, most overdue
 * first, each with how to destroy it.
 *
 * A lab the configuration describes gets its `cdktf destroy` command (lib/fleet/fleet-commands.ts). A
 * lab of another configuration (another `labName`, or a participant no longer in the roster) cannot be
 * destroyed with this one: cdktf only knows the stacks of the configuration it synthesizes, and their
 * state is wherever that configuration kept it. Its entry says to run the destroy from that
 * configuration, with its stack names, and the AWS CLI commands for when that configuration is lost.
 *
 * The Tagging API is eventually consistent and lists a just-deleted cluster for a while, so each
 * expired one is confirmed with DescribeCluster.
 *
 * @throws AwsCallError when the Tagging API or EKS cannot be asked
 */
export async function findExpiredLabs(
  plan: LabPlan,
  clients: { readonly tagging: ResourceGroupsTaggingAPIClient; readonly eks: EKSClient },
  now: Date,
): Promise<ExpiredLab[]> {
  const today = now.toISOString().slice(0, 10);
  const clusters = await allItems(
    'tag:GetResources',
    paginateGetResources(
      { client: clients.tagging },
      { TagFilters: [{ Key: LAB_TAG_KEYS.createdBy, Values: [CREATED_BY_TAG_VALUE] }], ResourceTypeFilters: ['eks:cluster'], ResourcesPerPage: 100 },
    ),
    (page) => page.ResourceTagMappingList,
  );
  const candidates = clusters
    .map((mapping) => {
      const tags = Object.fromEntries((mapping.Tags ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
      const clusterName = (mapping.ResourceARN ?? '').split(':cluster/')[1];
      const expiresOn = tags[LAB_TAG_KEYS.expiresOn];
      return { clusterName, expiresOn, labName: tags[LAB_TAG_KEYS.lab], participantId: tags[LAB_TAG_KEYS.participant] };
    })
    .filter((c): c is typeof c & { clusterName: string; expiresOn: string } => c.clusterName !== undefined && c.expiresOn !== undefined && c.expiresOn < today);

  const existing = await Promise.all(candidates.map(async (c) => ((await describeLabCluster(clients.eks, c.clusterName)).cluster === undefined ? undefined : c)));
  const configured = new Map(
    plan.labs.map((env, i) => [env.clusterName, shellLine(fleetCommands(plan).perLab[i].destroy)] as const),
  );
  return existing
    .filter((c) => c !== undefined)
    .map((c): ExpiredLab => {
      const ownCommand = configured.get(c.clusterName);
      const stacks = labStackNames(c.clusterName);
      const r = `--region ${plan.region}`;
      const destroy =
        ownCommand ??
        `not in this configuration: run npx cdktf destroy ${stacks.workloads} ${stacks.cluster} --auto-approve with the configuration that deployed it ` +
          `(lab ${c.labName ?? '?'}${c.participantId === undefined ? '' : `, participant ${c.participantId}`}: point LAB_CONFIG at its file, or run it in its project folder, where its state is); ` +
          `if that configuration is lost: aws eks delete-nodegroup ${r} --cluster-name ${c.clusterName} --nodegroup-name ${NODE_GROUP_NAME}, ` +
          `then aws eks delete-cluster ${r} --name ${c.clusterName}, then npm run leftovers with a configuration of labName ${c.labName ?? '?'} lists what is left`;
      return {
        labName: c.labName ?? '',
        ...(c.participantId === undefined ? {} : { participantId: c.participantId }),
        clusterName: c.clusterName,
        expiresOn: c.expiresOn,
        daysOverdue: Math.floor((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${c.expiresOn}T00:00:00Z`)) / DAY_MS),
        inConfiguration: ownCommand !== undefined,
        destroy,
      };
    })
    .sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : a.clusterName < b.clusterName ? -1 : 1));
}
