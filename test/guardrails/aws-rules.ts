import { StackJson } from '../support/fixtures';
import { renderKubernetesObjects } from '../support/render-k8s';
import { GuardrailRule, Resource, Statement, isExpression, isTrue, many, one, perStack, policyStatements, referencesIn, resourcesOfTypes, walkStrings } from './guardrail';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */

/** The launch template a node group's `launch_template` block points at, if it is in the stack. */
function launchTemplateOf(stack: StackJson, nodeGroup: Resource): Resource | undefined {
  const block = one(nodeGroup.block.launch_template);
  const ref = [...referencesIn(block?.id), ...referencesIn(block?.name)].find((r) => r.type === 'aws_launch_template');
  return ref ? resourcesOfTypes(stack, 'aws_launch_template').find((lt) => lt.id === ref.id) : undefined;
}

/**
 * Nodes answer only IMDSv2 (session tokens) with a hop limit of 1, so a pod (one more network hop
 * away) cannot read the node role's credentials; every node group is launched from a template of
 * this stack, so the settings are ours and not EKS's defaults.
 *
 * @see https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html
 */
export const nodesRequireImdsv2: GuardrailRule = {
  id: 'nodes-require-imdsv2',
  description: 'Launch templates require IMDSv2 (http_tokens required) with hop limit 1; every node group uses a launch template of the stack',
  check: (stacks) =>
    perStack('nodes-require-imdsv2', stacks, (stack, report) => {
      for (const group of resourcesOfTypes(stack, 'aws_eks_node_group')) {
        if (!one(group.block.launch_template)) {
          report('error', group.address, "uses no launch template: its nodes get EKS's default metadata options instead of IMDSv2-only with hop limit 1");
        } else if (!launchTemplateOf(stack, group)) {
          report('error', group.address, 'launch_template does not reference an aws_launch_template of this stack, so its metadata options cannot be checked');
        }
      }
      for (const lt of resourcesOfTypes(stack, 'aws_launch_template')) {
        const options = one(lt.block.metadata_options);
        if (options?.http_tokens !== 'required') {
          report('error', lt.address, `metadata_options.http_tokens is ${JSON.stringify(options?.http_tokens)}; set "required" (IMDSv2 only)`);
        }
        if (Number(options?.http_put_response_hop_limit) !== 1) {
          report('error', lt.address, `metadata_options.http_put_response_hop_limit is ${JSON.stringify(options?.http_put_response_hop_limit)}; set 1 so pods cannot reach the node's IMDS`);
        }
      }
    }),
};

/** A JSON object argument (`{}` when absent), or undefined when it is not plain JSON (an HCL expression). */
function parseJson(value: unknown): Record<string, any> | undefined {
  if (value === undefined) return {};
  if (typeof value !== 'string' || isExpression(value)) return undefined;
  try {
    return JSON.parse(value) as Record<string, any>;
  } catch {
    return undefined;
  }
}

/** Provisioners of EBS volumes: the CSI driver and the removed in-tree plugin. */
const EBS_PROVISIONERS = new Set(['ebs.csi.aws.com', 'kubernetes.io/aws-ebs']);

/**
 * Every EBS volume is encrypted at rest: node root volumes (launch template block devices, and
 * instances), standalone volumes, and every volume the EBS CSI driver provisions (each StorageClass
 * of the driver, including any the add-on itself creates from its configuration).
 *
 * @see https://github.com/kubernetes-sigs/aws-ebs-csi-driver/blob/master/docs/parameters.md
 */
export const ebsVolumesEncrypted: GuardrailRule = {
  id: 'ebs-volumes-encrypted',
  description: 'Launch template block devices, aws_ebs_volume, aws_instance volumes and every EBS CSI StorageClass are encrypted',
  check: (stacks) =>
    perStack('ebs-volumes-encrypted', stacks, (stack, report) => {
      for (const lt of resourcesOfTypes(stack, 'aws_launch_template')) {
        const mappings = many(lt.block.block_device_mappings);
        if (mappings.length === 0) {
          report('warning', lt.address, "has no block_device_mappings: the root volume is encrypted only if the account's EBS encryption by default is on");
        }
        for (const mapping of mappings) {
          const ebs = one(mapping.ebs);
          if (ebs && !isTrue(ebs.encrypted)) report('error', lt.address, `block device ${mapping.device_name} is not encrypted (ebs.encrypted ${JSON.stringify(ebs.encrypted)})`);
        }
      }
      for (const volume of resourcesOfTypes(stack, 'aws_ebs_volume')) {
        if (!isTrue(volume.block.encrypted)) report('error', volume.address, `is not encrypted (encrypted ${JSON.stringify(volume.block.encrypted)})`);
      }
      for (const instance of resourcesOfTypes(stack, 'aws_instance')) {
        for (const [field, device] of [
          ...many(instance.block.root_block_device).map((d) => ['root_block_device', d] as const),
          ...many(instance.block.ebs_block_device).map((d) => ['ebs_block_device', d] as const),
        ]) {
          if (!isTrue(device.encrypted)) report('error', instance.address, `${field}${device.device_name ? ` ${device.device_name}` : ''} is not encrypted`);
        }
      }
      if (Object.keys(stack.resource).some((type) => type.startsWith('kubernetes_'))) {
        for (const { address, object } of renderKubernetesObjects(stack)) {
          if (object.kind !== 'StorageClass' || !EBS_PROVISIONERS.has(String(object.provisioner))) continue;
          const encrypted = (object.parameters as Record<string, string> | undefined)?.encrypted;
          if (encrypted !== 'true') {
            report('error', `${address} (StorageClass ${object.metadata.name})`, `provisions EBS volumes without parameters.encrypted "true" (is ${JSON.stringify(encrypted)})`);
          }
        }
      }
      for (const addon of resourcesOfTypes(stack, 'aws_eks_addon').filter((a) => a.block.addon_name === 'aws-ebs-csi-driver')) {
        const values = parseJson(addon.block.configuration_values);
        if (values === undefined) {
          report('warning', addon.address, 'configuration_values is not plain JSON, so the StorageClasses the add-on creates were not checked');
          continue;
        }
        // The chart's ebs-csi-default-sc sets no parameters at all: unencrypted volumes.
        if (values.defaultStorageClass?.enabled === true) {
          report('error', addon.address, 'enables the add-on\'s default StorageClass ebs-csi-default-sc, which does not set encrypted "true"; set defaultStorageClass.enabled false');
        }
        for (const sc of many(values.storageClasses)) {
          if (sc.parameters?.encrypted !== 'true') report('error', addon.address, `add-on StorageClass ${sc.name} does not set parameters.encrypted "true"`);
        }
      }
    }),
};

/** Control-plane log types every lab must send to CloudWatch: who called the API, and as whom. */
export const REQUIRED_LOG_TYPES = ['api', 'audit', 'authenticator'] as const;

/**
 * The control plane logs API calls, the audit trail and IAM authentication to CloudWatch.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/control-plane-logs.html
 */
export const controlPlaneLogging: GuardrailRule = {
  id: 'control-plane-logging',
  description: `Every EKS cluster enables at least the ${REQUIRED_LOG_TYPES.join(', ')} control-plane logs`,
  check: (stacks) =>
    perStack('control-plane-logging', stacks, (stack, report) => {
      for (const cluster of resourcesOfTypes(stack, 'aws_eks_cluster')) {
        const enabled: unknown[] = many(cluster.block.enabled_cluster_log_types) as unknown[];
        const missing = REQUIRED_LOG_TYPES.filter((t) => !enabled.includes(t));
        if (missing.length > 0) report('error', cluster.address, `enabled_cluster_log_types lacks ${missing.join(', ')} (has ${JSON.stringify(enabled)})`);
      }
    }),
};

/**
 * A public API endpoint is reachable only from CIDRs the configuration names: public_access_cidrs
 * must be set explicitly (the AWS default is 0.0.0.0/0). Naming 0.0.0.0/0 explicitly is allowed for
 * a workshop (learners connect from anywhere) but reported as a warning.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
 */
export const publicEndpointRestricted: GuardrailRule = {
  id: 'public-endpoint-cidrs',
  description: 'A public cluster endpoint sets public_access_cidrs explicitly; 0.0.0.0/0 is a warning',
  check: (stacks) =>
    perStack('public-endpoint-cidrs', stacks, (stack, report) => {
      for (const cluster of resourcesOfTypes(stack, 'aws_eks_cluster')) {
        const vpc = one(cluster.block.vpc_config);
        // The provider's default for endpoint_public_access is true.
        if (vpc?.endpoint_public_access === false || vpc?.endpoint_public_access === 'false') continue;
        const cidrs = vpc?.public_access_cidrs;
        if (cidrs === undefined || (Array.isArray(cidrs) && cidrs.length === 0)) {
          report('error', cluster.address, 'has a public endpoint but no public_access_cidrs: AWS opens it to 0.0.0.0/0; set them from the configuration');
        } else if (many(cidrs).some((c) => String(c) === '0.0.0.0/0')) {
          report('warning', cluster.address, 'public endpoint is open to 0.0.0.0/0 (authentication still required); narrow publicAccessCidrs where learners allow it');
        }
      }
    }),
};

/** AWS managed policies that grant (nearly) everything, or IAM itself. */
const ADMIN_POLICIES = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'AdministratorAccess-Amplify', 'AWSOrganizationsFullAccess']);

/** The role of a `role` argument: a reference to `aws_iam_role.x.name|id|arn` or the role's literal name. */
function rolesNamedBy(stack: StackJson, value: unknown): Resource[] {
  const roles = resourcesOfTypes(stack, 'aws_iam_role');
  const refs = referencesIn(value).filter((r) => r.type === 'aws_iam_role');
  return roles.filter((role) => refs.some((r) => r.id === role.id) || (typeof value === 'string' && value === role.block.name));
}

/** Principals of a role's trust policy, by type. */
function trustedPrincipals(stack: StackJson, role: Resource): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const s of policyStatements(stack, role.block.assume_role_policy) ?? []) {
    for (const [type, ids] of Object.entries(s.principals)) out[type] = [...(out[type] ?? []), ...ids];
  }
  return out;
}

/** Whether a trust statement is an IRSA-style web-identity trust (an OIDC provider as principal). */
function isWebIdentity(s: Statement): boolean {
  return s.actions.includes('sts:AssumeRoleWithWebIdentity') || (s.principals.Federated ?? []).some((f) => f.includes('oidc-provider'));
}

/** Whether the role is trusted by EKS Pod Identity. */
function isPodIdentityRole(stack: StackJson, role: Resource): boolean {
  return (trustedPrincipals(stack, role).Service ?? []).includes('pods.eks.amazonaws.com');
}

/**
 * The roles code on the nodes can obtain: node roles (through IMDS, or named by a node group) and
 * pod roles (EKS Pod Identity or IRSA web identity).
 */
function workloadRoles(stack: StackJson): Array<{ role: Resource; purpose: string }> {
  const nodeRoleIds = new Set(
    resourcesOfTypes(stack, 'aws_eks_node_group').flatMap((g) => referencesIn(g.block.node_role_arn).filter((r) => r.type === 'aws_iam_role').map((r) => r.id)),
  );
  return resourcesOfTypes(stack, 'aws_iam_role').flatMap((role) => {
    const principals = trustedPrincipals(stack, role);
    if (nodeRoleIds.has(role.id) || (principals.Service ?? []).includes('ec2.amazonaws.com')) return [{ role, purpose: 'node role' }];
    const webIdentity = (policyStatements(stack, role.block.assume_role_policy) ?? []).some(isWebIdentity);
    if (isPodIdentityRole(stack, role) || webIdentity) return [{ role, purpose: 'pod role' }];
    return [];
  });
}

/**
 * Node and pod roles carry no admin-style AWS managed policy (AdministratorAccess, PowerUserAccess,
 * IAMFullAccess, any `*FullAccess`) and no policy that allows `*` or `service:*` on every resource:
 * any pod that escapes to the node, or any pod of the bound service account, would hold it.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
 */
export const workloadRolesLeastPrivilege: GuardrailRule = {
  id: 'workload-roles-least-privilege',
  description: 'The node role and pod roles have no admin or *FullAccess managed policy and no Allow of * or service:* on Resource *',
  check: (stacks) =>
    perStack('workload-roles-least-privilege', stacks, (stack, report) => {
      const checkDocument = (address: string, purpose: string, source: string, policy: unknown) => {
        const statements = policyStatements(stack, policy);
        if (!statements) {
          report('warning', address, `${purpose}: ${source} cannot be read offline, so it was not checked for wildcards`);
          return;
        }
        for (const s of statements.filter((st) => st.effect === 'Allow')) {
          const wildAction = s.notAction || s.actions.some((a) => a === '*' || /^[A-Za-z0-9-]+:\*$/.test(a));
          const wildResource = s.notResource || s.resources.includes('*');
          if (wildAction && wildResource) {
            report('error', address, `${purpose}: ${source} allows ${s.notAction ? `NotAction ${JSON.stringify(s.actions)}` : JSON.stringify(s.actions)} on Resource "*"`);
          }
        }
      };
      const checkArn = (address: string, purpose: string, arn: unknown) => {
        const managed = typeof arn === 'string' ? /^arn:[a-z-]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn) : null;
        if (managed) {
          if (ADMIN_POLICIES.has(managed[1]) || /FullAccess$/.test(managed[1])) report('error', address, `${purpose}: has the admin-style managed policy ${managed[1]}`);
          return;
        }
        const customer = referencesIn(arn).find((r) => r.type === 'aws_iam_policy' && r.attribute === 'arn');
        checkDocument(address, purpose, `policy ${String(arn)}`, customer ? `\${aws_iam_policy.${customer.id}.policy}` : undefined);
      };

      for (const { role, purpose } of workloadRoles(stack)) {
        for (const arn of many(role.block.managed_policy_arns)) checkArn(role.address, purpose, arn);
        for (const inline of many(role.block.inline_policy)) checkDocument(role.address, purpose, `inline policy ${inline.name}`, inline.policy);
        const uses = (r: Resource, field: string) => many(r.block[field]).some((v) => rolesNamedBy(stack, v).some((x) => x.id === role.id));
        for (const attachment of resourcesOfTypes(stack, 'aws_iam_role_policy_attachment').filter((a) => uses(a, 'role'))) {
          checkArn(attachment.address, `${purpose} ${role.address}`, attachment.block.policy_arn);
        }
        for (const attachment of resourcesOfTypes(stack, 'aws_iam_policy_attachment').filter((a) => uses(a, 'roles'))) {
          checkArn(attachment.address, `${purpose} ${role.address}`, attachment.block.policy_arn);
        }
        for (const inline of resourcesOfTypes(stack, 'aws_iam_role_policy').filter((a) => uses(a, 'role'))) {
          checkDocument(inline.address, `${purpose} ${role.address}`, 'the policy', inline.block.policy);
        }
      }
    }),
};

/** Resource types (and the argument) through which a Pod Identity role may be referenced. */
const POD_ROLE_USES: Record<string, string> = {
  aws_eks_pod_identity_association: 'role_arn',
  aws_eks_addon: 'pod_identity_association',
  aws_iam_role_policy_attachment: 'role',
  aws_iam_policy_attachment: 'roles',
  aws_iam_role_policy: 'role',
};

/** A namespace or service account that names one thing: not empty, no wildcard. */
const concrete = (value: unknown) => typeof value === 'string' && value.trim() !== '' && !/[*?]/.test(value);

/**
 * Add-on (pod) roles are usable only by the service accounts they are meant for. A role trusted by
 * `pods.eks.amazonaws.com` trusts that principal alone (AssumeRole, TagSession), is handed out only
 * through Pod Identity associations (standalone, or an add-on's) that name a concrete namespace and
 * service account, and is used nowhere else (not as a node or cluster role). An IRSA web-identity
 * trust must pin `:sub` to one `system:serviceaccount:<namespace>:<name>`.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 */
export const podRolesScopedToServiceAccounts: GuardrailRule = {
  id: 'pod-roles-scoped',
  description: 'Pod Identity roles trust only pods.eks.amazonaws.com and are bound only to concrete namespace/service accounts; IRSA trusts pin :sub',
  check: (stacks) =>
    perStack('pod-roles-scoped', stacks, (stack, report) => {
      const all = resourcesOfTypes(stack);
      for (const role of resourcesOfTypes(stack, 'aws_iam_role').filter((r) => isPodIdentityRole(stack, r))) {
        for (const s of policyStatements(stack, role.block.assume_role_policy) ?? []) {
          const others = Object.entries(s.principals).flatMap(([type, ids]) => ids.filter((id) => !(type === 'Service' && id === 'pods.eks.amazonaws.com')).map((id) => `${type} ${id}`));
          if (s.effect === 'Allow' && others.length > 0) report('error', role.address, `trust policy also trusts ${others.join(', ')} next to pods.eks.amazonaws.com`);
          const extra = s.actions.filter((a) => a !== 'sts:AssumeRole' && a !== 'sts:TagSession');
          if (s.effect === 'Allow' && (extra.length > 0 || s.notAction)) report('error', role.address, `trust policy allows ${JSON.stringify(s.actions)}; Pod Identity needs only sts:AssumeRole and sts:TagSession`);
        }
        let bindings = 0;
        for (const user of all.filter((r) => r.address !== role.address)) {
          const places: string[] = [];
          walkStrings(user.block, (path, _key, text) => {
            if (referencesIn(text).some((r) => r.type === 'aws_iam_role' && r.id === role.id)) places.push(path);
          });
          if (places.length === 0) continue;
          const allowed = POD_ROLE_USES[user.type];
          const misuse = places.filter((p) => allowed === undefined || !(p === allowed || p.startsWith(`${allowed}[`) || p.startsWith(`${allowed}.`)));
          if (misuse.length > 0) report('error', user.address, `uses Pod Identity role ${role.address} as ${misuse.join(', ')}; it may only be bound to service accounts`);
          if (user.type === 'aws_eks_pod_identity_association' || user.type === 'aws_eks_addon') bindings += places.length - misuse.length;
        }
        if (bindings === 0) report('warning', role.address, 'is trusted by pods.eks.amazonaws.com but bound to no service account in this stack');
      }
      for (const association of resourcesOfTypes(stack, 'aws_eks_pod_identity_association')) {
        for (const field of ['namespace', 'service_account']) {
          if (!concrete(association.block[field])) report('error', association.address, `${field} ${JSON.stringify(association.block[field])} must name one ${field.replace('_', ' ')}`);
        }
      }
      for (const addon of resourcesOfTypes(stack, 'aws_eks_addon')) {
        for (const association of many(addon.block.pod_identity_association)) {
          if (!concrete(association.service_account)) {
            report('error', addon.address, `pod_identity_association service_account ${JSON.stringify(association.service_account)} must name one service account`);
          }
        }
      }
      for (const role of resourcesOfTypes(stack, 'aws_iam_role')) {
        for (const s of policyStatements(stack, role.block.assume_role_policy) ?? []) {
          if (s.effect !== 'Allow' || !isWebIdentity(s)) continue;
          const sub = s.conditions.filter((c) => c.variable.endsWith(':sub'));
          const pinned = sub.some(
            (c) =>
              (c.test === 'StringEquals' || c.test === 'StringLike') &&
              c.values.length > 0 &&
              c.values.every((v) => /^system:serviceaccount:[^:*?]+:[^:*?]+$/.test(v)),
          );
          if (!pinned) {
            report('error', role.address, `web-identity (IRSA) trust has no condition pinning :sub to system:serviceaccount:<namespace>:<name> (found ${JSON.stringify(sub)}); any service account of the cluster could assume it`);
          }
        }
      }
    }),
};
