import type { ResourceGroupsTaggingAPIClient, ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { LAB_TAG_KEYS } from '../../config/lab-tags';
import { participantProblem } from '../../plan/lab-environment';
import type { LabPlan } from '../../plan/lab-plan';
import { UniqueNameKind, uniqueNamesOf } from '../../plan/unique-names';
import { unique } from '../batches';
import { permissionsOf } from '../iam-permissions';
import { groupLeftovers } from './group-leftovers';
import type { KindClients, LeftoverKind, LeftoverScope } from './kinds/leftover-kind';
import { LEFTOVER_KINDS } from './kinds/leftover-kinds';
import { LeftoverDrafts } from './leftover-drafts';
import { LeftoverReport, LeftoverSource } from './leftover-report';
import { findTaggedResources, TAGGED_RESOURCES_PERMISSIONS } from './tagged-resources';

/** The IAM permissions `findLeftovers` needs: the Tagging API's and each kind's. */
export const LEFTOVERS_PERMISSIONS: readonly string[] = permissionsOf(TAGGED_RESOURCES_PERMISSIONS, ...LEFTOVER_KINDS.map((kind) => kind.permissions));

/** The AWS clients the check uses, all for the configuration's region. */
export interface LeftoverClients extends KindClients {
  /** Resource Groups Tagging API: every taggable resource type. */
  readonly tagging: ResourceGroupsTaggingAPIClient;
}

/** What to check. */
export interface FindLeftoversOptions {
  /** Check only this participant's lab. @default - the whole lab, shared resources included */
  readonly participantId?: string;
}

/**
 * Lists every AWS resource still tagged for the lab `plan` describes, or for one of its EKS clusters,
 * grouped per participant (or the single lab) and shared, each with a removal hint.
 *
 * Queries, all paginated, each narrowed to `options.participantId` (its tag, its cluster) when given:
 * - the Resource Groups Tagging API (every resource type) by the lab's tags and by what Kubernetes and
 *   EKS tag with a checked cluster's name (tagged-resources.ts);
 * - each kind's own API (kinds/, listed in kinds/leftover-kinds.ts): volumes and network interfaces by
 *   their EC2 tags, control-plane log groups by name. A `kubernetes.io/cluster/<cluster>` tag valued
 *   `shared` marks what a cluster uses but does not own: found only that way, a resource is not reported.
 *
 * The Tagging API is eventually consistent and lists just-deleted resources for a while, so what it
 * lists of a kind is confirmed by that kind's own API (looked up by id when the kind's search did not
 * return it), and reported as `ignored`, with why, when that API no longer has it or says it is going.
 *
 * Not checked: IAM roles. The Tagging API does not list IAM users and roles ("The GetResources
 * operation does not currently support IAM users and roles", Resource Groups Tagging API reference),
 * and IAM is global, not in the region asked. The report names the roles the labs create
 * (`iamRolesNotChecked`) so they can be checked by name.
 *
 * @see https://docs.aws.amazon.com/resourcegroupstagging/latest/APIReference/supported-services.html
 * @throws Error when `options.participantId` is not in the roster (before any AWS call)
 * @throws AwsCallError when an AWS call fails (credentials, permissions, throttling)
 */
export async function findLeftovers(plan: LabPlan, clients: LeftoverClients, options: FindLeftoversOptions = {}): Promise<LeftoverReport> {
  const { participantId } = options;
  const { config } = plan;
  if (participantId !== undefined) {
    const problem = participantProblem(config, participantId);
    if (problem !== undefined) throw new Error(`participant ${problem}`);
  }
  const checked = plan.labs.filter((e) => participantId === undefined || e.participant?.id === participantId);
  // With a participant, every query is narrowed to it: its resources carry the participant tag,
  // what Kubernetes and EKS created for it its cluster's name.
  const scope: LeftoverScope = {
    labTags: [
      { key: LAB_TAG_KEYS.lab, value: config.labName },
      ...(participantId === undefined ? [] : [{ key: LAB_TAG_KEYS.participant, value: participantId }]),
    ],
    clusterNames: checked.map((e) => e.clusterName),
  };

  const drafts = new LeftoverDrafts(LEFTOVER_KINDS);
  const [tagged, ...found] = await Promise.all([findTaggedResources(clients.tagging, scope), ...LEFTOVER_KINDS.map((kind) => kind.find?.(clients, scope) ?? [])]);
  LEFTOVER_KINDS.forEach((kind, i) => found[i].forEach((resource) => drafts.addFound(kind, resource)));
  const listed: Array<[ResourceTagMapping, LeftoverSource]> = [
    ...tagged.byLabTags.map((m): [ResourceTagMapping, LeftoverSource] => [m, LeftoverSource.TAGGING_API]),
    ...tagged.byClusterTags.map((m): [ResourceTagMapping, LeftoverSource] => [m, LeftoverSource.TAGGING_API_CLUSTER_TAGS]),
  ];
  await confirmListed(clients, scope, drafts, listed.map(([m]) => m));
  listed.forEach(([mapping, source]) => drafts.addTagged(mapping, source));

  const groups = groupLeftovers(drafts.resources, plan);
  return {
    labName: config.labName,
    region: config.region,
    ...(participantId === undefined ? {} : { participantId }),
    clusterNames: scope.clusterNames,
    groups,
    total: groups.reduce((n, g) => n + g.resources.length, 0),
    ignored: drafts.ignored,
    iamRolesNotChecked: checked.flatMap((e) => uniqueNamesOf(config, e).filter((n) => n.kind === UniqueNameKind.IAM_ROLE).map((n) => n.name)),
  };
}

/**
 * Asks each kind's own API about the resources of that kind the Tagging API listed that its search
 * did not find: what exists is added to `drafts`, what is gone or going is recorded with why.
 */
async function confirmListed(clients: KindClients, scope: LeftoverScope, drafts: LeftoverDrafts, mappings: readonly ResourceTagMapping[]): Promise<void> {
  const unconfirmed = new Map<LeftoverKind, string[]>();
  for (const { ResourceARN } of mappings) {
    const ofKind = ResourceARN === undefined ? undefined : drafts.kindOf(ResourceARN);
    if (ofKind === undefined || drafts.has(ofKind.kind, ofKind.id)) continue;
    unconfirmed.set(ofKind.kind, [...(unconfirmed.get(ofKind.kind) ?? []), ofKind.id]);
  }
  await Promise.all(
    [...unconfirmed].map(async ([kind, listedIds]) => {
      const ids = unique(listedIds);
      const answers = await kind.confirm(clients, ids, scope);
      for (const id of ids) {
        const answer = answers.get(id);
        if (answer?.exists === true) drafts.addFound(kind, answer.resource);
        else if (answer?.exists === false) drafts.addGone(kind, id, answer.why);
      }
    }),
  );
}
