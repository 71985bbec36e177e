import { LAB_TAG_KEYS } from '../../config/lab-tags';
import type { LabEnvironment } from '../../plan/lab-environment';
import { clusterNameOf } from '../../plan/lab-names';
import type { LabPlan } from '../../plan/lab-plan';
import { StackKind } from '../../plan/stack-plan';
import { owningClusterNames } from './cluster-tags';
import type { Draft } from './leftover-drafts';
import { LeftoverGroup, LeftoverGroupKind, LeftoverResource } from './leftover-report';
import { removalHint, RemovalContext } from './removal-hint';

/** Who a resource belongs to. */
interface Owner {
  readonly kind: LeftoverGroupKind;
  readonly participantId?: string;
  readonly clusterName?: string;
}

/**
 * Groups the resources per participant (tag `participant`, or a cluster-name tag of a participant's
 * cluster), the single lab, or shared, in report order (the single lab; a class's participants in
 * roster order, then ones it no longer lists, then shared), each with its removal hint and each group
 * with the destroy command of its stacks.
 */
export function groupLeftovers(drafts: readonly Draft[], plan: LabPlan): LeftoverGroup[] {
  const { config, labs: environments } = plan;
  const networkStacks = plan.stacks.filter((s) => s.kind === StackKind.NETWORK).map((s) => s.name);
  const byCluster = new Map(environments.map((e) => [e.clusterName, e]));
  const destroyCommand = (e: LabEnvironment) => `npx cdktf destroy ${e.workloadsStackName} ${e.clusterStackName}`;
  const context: RemovalContext = {
    region: config.region,
    destroyCommandOf: (clusterName: string) => {
      const environment = byCluster.get(clusterName);
      return environment === undefined ? undefined : destroyCommand(environment);
    },
  };

  const groups = new Map<string, { owner: Owner; resources: LeftoverResource[] }>();
  for (const draft of drafts) {
    const owner = ownerOf(draft, plan, byCluster);
    const key = `${owner.kind}/${owner.participantId ?? ''}`;
    const group = groups.get(key) ?? { owner, resources: [] };
    groups.set(key, group);
    group.resources.push(toResource(draft, context));
  }

  const rosterOrder = environments.map((e) => e.participant?.id);
  const rank = (o: Owner) => {
    if (o.kind === LeftoverGroupKind.LAB) return -1;
    if (o.kind === LeftoverGroupKind.SHARED) return rosterOrder.length + 1;
    return rosterOrder.includes(o.participantId) ? rosterOrder.indexOf(o.participantId) : rosterOrder.length;
  };
  return [...groups.values()]
    .sort((a, b) => rank(a.owner) - rank(b.owner) || (a.owner.participantId ?? '').localeCompare(b.owner.participantId ?? ''))
    .map(({ owner, resources }) => {
      const environment = owner.clusterName === undefined ? undefined : byCluster.get(owner.clusterName);
      const command =
        owner.kind === LeftoverGroupKind.SHARED
          ? `npx cdktf destroy ${networkStacks.join(' ')}`
          : environment === undefined ? undefined : destroyCommand(environment);
      return {
        kind: owner.kind,
        ...(owner.participantId === undefined ? {} : { participantId: owner.participantId }),
        ...(owner.clusterName === undefined ? {} : { clusterName: owner.clusterName }),
        inConfiguration: owner.kind !== LeftoverGroupKind.PARTICIPANT || environment !== undefined,
        ...(command === undefined ? {} : { destroyCommand: command }),
        resources: resources.sort(
          (a, b) => `${a.service}:${a.resourceType}`.localeCompare(`${b.service}:${b.resourceType}`) || a.id.localeCompare(b.id),
        ),
      };
    });
}

/**
 * The participant a resource belongs to by its `participant` tag, or by the name of a participant's
 * cluster (what Kubernetes and EKS create carries the cluster's name in their tags rather than ours);
 * else the single lab, or what a class shares.
 */
function ownerOf(draft: Draft, plan: LabPlan, byCluster: ReadonlyMap<string, LabEnvironment>): Owner {
  const { config } = plan;
  const { tags } = draft;
  const participant = tags[LAB_TAG_KEYS.participant];
  if (participant !== undefined) {
    const clusterName = clusterNameOf(config.labName, participant);
    return { kind: LeftoverGroupKind.PARTICIPANT, participantId: participant, clusterName };
  }
  const named = [draft.clusterName, tags[LAB_TAG_KEYS.env], ...owningClusterNames(tags)]
    .map((name) => (name === undefined ? undefined : byCluster.get(name)))
    .find((e) => e?.participant !== undefined);
  if (named?.participant !== undefined) {
    return { kind: LeftoverGroupKind.PARTICIPANT, participantId: named.participant.id, clusterName: named.clusterName };
  }
  if (config.roster === undefined) return { kind: LeftoverGroupKind.LAB, clusterName: config.labName };
  return { kind: LeftoverGroupKind.SHARED };
}

function toResource(draft: Draft, context: RemovalContext): LeftoverResource {
  return {
    service: draft.service,
    resourceType: draft.resourceType,
    id: draft.id,
    ...(draft.arn === undefined ? {} : { arn: draft.arn }),
    ...(draft.state === undefined ? {} : { state: draft.state }),
    ...(draft.detail === undefined ? {} : { detail: draft.detail }),
    tags: draft.tags,
    removal: removalHint(draft, context),
    foundBy: [...draft.foundBy].sort(),
  };
}
