import type { LabConfig } from '../../lib/config/lab-config';
import { AddOnPhase } from '../../lib/plan/add-ons/add-on-spec';
import { uniqueNamesOf } from '../../lib/plan/unique-names';
import { WorkloadKind } from '../../lib/plan/workload-inventory';
import { classConfig, ssoClassConfig, labConfig, oneResource, planOf, resourcesOf, stackDependencies, StackJson, synthLab, uniqueNames } from '../support/fixtures';
import { renderKubernetesObjects } from '../support/render-k8s';

/**
 * The plan is what every command reads instead of the synthesized stacks, so the two must agree:
 * every stack, name, add-on, node group setting and workload the plan lists is in the synthesized
 * JSON, and nothing of those kinds is there that the plan does not list.
 */
const CONFIGS: Array<[string, LabConfig]> = [
  ['the default single lab', labConfig()],
  ['a single lab with a customer-managed key, the smaller application and other sizes', labConfig({
    labName: 'other',
    secretsEncryption: 'customer-managed',
    application: 'data-stores-only',
    databaseVolumeGiB: 25,
    nodeGroup: { instanceTypes: ['m6i.large', 'm7i.large'], minSize: 2, desiredSize: 2, maxSize: 4, diskSizeGiB: 40 },
  })],
  ['a class of 3 with a customer-managed key', classConfig(3, { secretsEncryption: 'customer-managed' })],
  ['a class of 3 split over two networks', classConfig(3, { roster: { participantsPerNetwork: 2 } })],
  ['a class with IAM Identity Center users of a shared permission set', ssoClassConfig()],
  ['a class of 2 in accounts of their own', labConfig({
    expiresOn: '2030-12-31',
    roster: { participants: ['200000000001', '200000000002'].map((accountId, i) => ({ id: `p${i + 1}`, accountId, principalArn: `arn:aws:iam::${accountId}:role/L` })) },
  })],
];

const CONTROLLER_KINDS = new Set<string>(Object.values(WorkloadKind));

describe.each(CONFIGS)('the plan of %s matches its synthesized stacks', (_name, config) => {
  const plan = planOf(config);
  const stacks = synthLab(config);

  test('the same stacks, with the dependencies cdktf records', () => {
    expect(plan.stacks.map((s) => s.name).sort()).toEqual(Object.keys(stacks).sort());
    const dependencies = stackDependencies(config);
    for (const stack of plan.stacks) expect([...(dependencies[stack.name] ?? [])].sort()).toEqual([...stack.dependsOn].sort());
  });

  test('every stack uses exactly the providers the plan lists', () => {
    for (const stack of plan.stacks) expect(Object.keys(stacks[stack.name].provider ?? {}).sort()).toEqual([...stack.providers].sort());
  });

  test('the unique names of every lab, in the stack the plan says, and no others', () => {
    const synthesized = Object.entries(stacks).flatMap(([stack, json]) => uniqueNames(json).map(({ type, name }) => `${stack} ${type} ${name}`));
    const listed = plan.labs.flatMap((lab) => uniqueNamesOf(config, lab)).map(({ stackName, kind, name }) => `${stackName} ${kind} ${name}`);
    expect(listed.sort()).toEqual(synthesized.sort());
  });

  test("every lab's node group, launch template and add-ons as the plan resolves them", () => {
    for (const lab of plan.labs) {
      const json = stacks[lab.clusterStackName];
      const [, group] = oneResource(json, 'aws_eks_node_group');
      expect(group).toMatchObject({
        node_group_name: plan.nodeGroup.name,
        ami_type: plan.nodeGroup.amiType,
        instance_types: plan.nodeGroup.instanceTypes,
        labels: plan.nodeGroup.labels,
        scaling_config: { min_size: plan.nodeGroup.minSize, desired_size: plan.nodeGroup.desiredSize, max_size: plan.nodeGroup.maxSize },
      });
      expect(oneResource(json, 'aws_launch_template')[1]).toMatchObject({
        name: lab.names.launchTemplate,
        block_device_mappings: [{ ebs: { volume_size: plan.nodeGroup.diskSizeGiB } }],
      });
      const addOns = Object.values(resourcesOf(json, 'aws_eks_addon'));
      expect(addOns.map((a) => a.addon_name).sort()).toEqual(plan.addOns.map((a) => a.name).sort());
      // Before the nodes means the node group waits for it; after means it waits for the node group.
      const address = (name: string) => Object.entries(resourcesOf(json, 'aws_eks_addon')).find(([, a]) => a.addon_name === name)?.[0];
      for (const spec of plan.addOns) {
        const id = address(spec.name);
        const addOn = resourcesOf(json, 'aws_eks_addon')[id as string];
        if (spec.phase === AddOnPhase.BEFORE_NODES) expect(group.depends_on).toContain(`aws_eks_addon.${id}`);
        else expect(addOn.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_eks_node_group\./)]));
        const roles = (addOn.pod_identity_association as Array<{ service_account: string }> | undefined) ?? [];
        expect(roles.map((r) => r.service_account)).toEqual(spec.podIdentity === undefined ? [] : [spec.podIdentity.serviceAccount]);
      }
    }
  });

  test("every lab's workload controllers, their replicas and volumes, and no others", () => {
    for (const lab of plan.labs) {
      const objects = renderKubernetesObjects(stacks[lab.workloadsStackName] as StackJson)
        .map((r) => r.object)
        .filter((o) => CONTROLLER_KINDS.has(o.kind));
      const synthesized = objects.map((o) => {
        const spec = o.spec as { replicas?: number; volumeClaimTemplates?: Array<{ metadata: { name: string }; spec: { resources: { requests: { storage: string } } } }> };
        return {
          kind: o.kind,
          namespace: o.metadata.namespace,
          name: o.metadata.name,
          ...(spec.replicas === undefined ? {} : { replicas: Number(spec.replicas) }),
          ...(spec.volumeClaimTemplates === undefined
            ? {}
            : { volumeClaims: spec.volumeClaimTemplates.map((t) => ({ name: t.metadata.name, sizeGiB: Number(t.spec.resources.requests.storage.replace(/Gi$/, '')) })) }),
        };
      });
      const key = (w: { kind: string; namespace?: string; name: string }) => `${w.kind} ${w.namespace}/${w.name}`;
      expect(synthesized.length).toBeGreaterThan(0);
      expect([...plan.workloads].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(synthesized.sort((a, b) => key(a).localeCompare(key(b))));
    }
  });
});
