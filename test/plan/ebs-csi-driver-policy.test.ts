import { LAB_TAG_KEYS } from '../../lib/config/lab-tags';
import { EBS_CSI_OWNER_TAG_KEY, EBS_CSI_PROTECTED_TAG_KEYS, ebsCsiDriverPolicy } from '../../lib/plan/add-ons/ebs-csi-driver-policy';
import { ebsCsiDriver } from '../../lib/plan/add-ons/ebs-csi-driver';
import { POD_IDENTITY_CLUSTER_VARIABLE } from '../../lib/plan/iam-policy';
import { EBS_CSI_VOLUME_TAG } from '../../lib/plan/lab-names';
import { classConfig, labConfig, planOf } from '../support/fixtures';
import { AMAZON_EBS_CSI_DRIVER_POLICY_V15 } from '../support/managed-policies';

/** One action on one resource pattern, as a statement grants it. */
interface Grant {
  readonly action: string;
  readonly resource: string;
  readonly condition: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

function grants(statements: ReadonlyArray<{ Effect: string; Action: readonly string[]; Resource: readonly string[]; Condition?: Grant['condition'] }>): Grant[] {
  return statements.filter((s) => s.Effect === 'Allow').flatMap((s) => s.Action.flatMap((action) => s.Resource.map((resource) => ({ action, resource, condition: s.Condition ?? {} }))));
}

/** Whether the resource pattern `outer` matches every ARN `inner` matches (`*` only at the end, as both policies write them). */
function covers(outer: string, inner: string): boolean {
  if (outer === '*' || outer === inner) return true;
  return outer.endsWith('*') && inner.startsWith(outer.slice(0, -1));
}

const OURS = grants(ebsCsiDriverPolicy('aws').Statement);
const MANAGED = grants(AMAZON_EBS_CSI_DRIVER_POLICY_V15.Statement);

/** The value a StringEquals condition of `grant` requires for `key`. */
const equals = (grant: Grant, key: string) => grant.condition.StringEquals?.[key];

describe('the EBS CSI driver policy, against AmazonEBSCSIDriverPolicy v15', () => {
  test('no action on any resource the managed policy grants is lost', () => {
    const lost = MANAGED.filter((m) => !OURS.some((o) => o.action === m.action && covers(o.resource, m.resource)));
    expect(lost).toEqual([]);
    expect(new Set(OURS.map((o) => o.action))).toEqual(new Set(MANAGED.map((m) => m.action)));
  });

  test('nothing beyond what the managed policy grants', () => {
    const extra = OURS.filter((o) => !MANAGED.some((m) => m.action === o.action && covers(m.resource, o.resource)));
    expect(extra).toEqual([]);
  });

  test('only the Describe actions, which EC2 cannot scope, run on Resource "*"', () => {
    const everywhere = OURS.filter((o) => o.resource === '*');
    expect(everywhere.map((o) => o.action).every((a) => /^ec2:Describe[A-Za-z]+$/.test(a))).toBe(true);
    expect(everywhere.every((o) => Object.keys(o.condition).length === 0)).toBe(true);
    expect(OURS.filter((o) => /^ec2:Describe/.test(o.action)).every((o) => o.resource === '*')).toBe(true);
  });

  test("none is unscoped: every action on a volume, snapshot or node is held to the session's cluster", () => {
    const scoped = OURS.filter((o) => o.resource !== '*');
    const unscoped = scoped.filter((o) => {
      // Tags only as part of a create call, whose own statement pins the request's tags.
      if (o.action === 'ec2:CreateTags') return JSON.stringify(o.condition) !== JSON.stringify({ StringEquals: { 'ec2:CreateAction': ['CreateVolume', 'CreateSnapshot', 'CopyVolumes'] } });
      const pinned = [equals(o, `ec2:ResourceTag/${EBS_CSI_OWNER_TAG_KEY}`), equals(o, `aws:RequestTag/${EBS_CSI_OWNER_TAG_KEY}`)];
      return !pinned.includes(POD_IDENTITY_CLUSTER_VARIABLE);
    });
    expect(unscoped).toEqual([]);
    expect(POD_IDENTITY_CLUSTER_VARIABLE).toBe('${aws:PrincipalTag/eks-cluster-name}');
  });

  test('new volumes and snapshots must be tagged for the cluster; existing ones must carry its tags and the driver mark', () => {
    const created = (o: Grant) =>
      (['ec2:CreateVolume', 'ec2:CopyVolumes'].includes(o.action) && o.resource === 'arn:aws:ec2:*:*:volume/*') ||
      (o.action === 'ec2:CreateSnapshot' && o.resource === 'arn:aws:ec2:*:*:snapshot/*');
    for (const o of OURS.filter((g) => g.resource !== '*' && g.action !== 'ec2:CreateTags')) {
      const prefix = created(o) ? 'aws:RequestTag' : 'ec2:ResourceTag';
      expect([o.action, o.resource, equals(o, `${prefix}/${EBS_CSI_OWNER_TAG_KEY}`)]).toEqual([o.action, o.resource, POD_IDENTITY_CLUSTER_VARIABLE]);
      // A node is not the driver's: only volumes and snapshots carry its mark (a node's root volume does not).
      if (!o.resource.includes(':instance/')) {
        expect([o.action, o.resource, equals(o, `${prefix}/${EBS_CSI_VOLUME_TAG.key}`)]).toEqual([o.action, o.resource, EBS_CSI_VOLUME_TAG.value]);
      }
    }
  });

  test('tags can be removed, but never the tags that say whose a volume is, and never all at once', () => {
    const deletes = OURS.filter((o) => o.action === 'ec2:DeleteTags');
    expect(deletes.length).toBeGreaterThan(0);
    for (const o of deletes) {
      expect(o.condition.Null).toEqual({ 'aws:TagKeys': 'false' });
      expect(o.condition['ForAllValues:StringNotEquals']).toEqual({ 'aws:TagKeys': [...EBS_CSI_PROTECTED_TAG_KEYS] });
    }
    expect(EBS_CSI_PROTECTED_TAG_KEYS).toEqual(expect.arrayContaining([...Object.values(LAB_TAG_KEYS), EBS_CSI_VOLUME_TAG.key]));
  });

  test("CopyVolumes: denied on a source volume not tagged for the session's cluster, whatever an Allow matches; the new volume is not denied", () => {
    const denies = ebsCsiDriverPolicy('aws').Statement.filter((s) => s.Effect === 'Deny');
    expect(denies).toEqual([
      {
        Sid: 'NeverCopyAnotherClustersVolume',
        Effect: 'Deny',
        Action: ['ec2:CopyVolumes'],
        Resource: ['arn:aws:ec2:*:*:volume/vol-*'],
        Condition: { StringNotEquals: { [`ec2:ResourceTag/${EBS_CSI_OWNER_TAG_KEY}`]: POD_IDENTITY_CLUSTER_VARIABLE } },
      },
    ]);
    // The Allow that creates the copy matches every volume ARN, the source's too: without the Deny the request's tags alone would decide.
    const createsCopy = OURS.find((o) => o.action === 'ec2:CopyVolumes' && o.condition.StringEquals?.[`aws:RequestTag/${EBS_CSI_OWNER_TAG_KEY}`] !== undefined);
    expect(createsCopy?.resource).toBe('arn:aws:ec2:*:*:volume/*');
    // As the patterns write region and account (covers compares patterns, not a glob against an ARN).
    const source = 'arn:aws:ec2:*:*:volume/vol-0abc';
    const created = 'arn:aws:ec2:*:*:volume/*';
    expect([covers(createsCopy?.resource ?? '', source), covers(denies[0].Resource[0], source), covers(denies[0].Resource[0], created)]).toEqual([true, true, false]);
  });

  test('ARNs in the partition of the region', () => {
    const resources = grants(ebsCsiDriverPolicy('aws-cn').Statement).map((g) => g.resource);
    expect(resources.filter((r) => r !== '*').every((r) => r.startsWith('arn:aws-cn:ec2:*:*:'))).toBe(true);
  });
});

describe('the tag the policy keys on is on everything the driver acts on', () => {
  test.each([
    ['the single lab', labConfig()],
    ['a class', classConfig(3)],
  ])("%s: the driver tags every volume and snapshot env=<cluster> (extraVolumeTags), whatever the configuration's own tags say", (_name, config) => {
    const plan = planOf({ ...config, tags: { env: 'production', team: 'k8s' } });
    for (const lab of plan.labs) {
      const tags = (ebsCsiDriver.configuration?.(lab) as { controller: { extraVolumeTags: Record<string, string> } }).controller.extraVolumeTags;
      expect(tags[EBS_CSI_OWNER_TAG_KEY]).toBe(lab.clusterName);
      // The nodes the driver attaches to carry it as well (the launch template tags instances with the lab's tags).
      expect(lab.tags[EBS_CSI_OWNER_TAG_KEY]).toBe(lab.clusterName);
    }
  });

  test('the role gets the policy and no managed policy', () => {
    expect(ebsCsiDriver.podIdentity?.managedPolicies).toEqual([]);
    expect(ebsCsiDriver.podIdentity?.policy?.('aws')).toEqual(ebsCsiDriverPolicy('aws'));
  });
});
