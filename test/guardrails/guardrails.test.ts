import { StackJson, labConfig, synthLab } from '../support/fixtures';
import { referencesIn } from './guardrail';
import { GUARDRAIL_RULES, Stacks, formatFinding, guardrail, runGuardrails } from './rules';

/* eslint-disable @typescript-eslint/no-explicit-any -- fixtures edit synthesized JSON freely */
type Json = any;

const LAB = synthLab();
const CLUSTER = 'eks-workshop-cluster';
const WORKLOADS = 'eks-workshop-workloads';

/** The class of the brief: two participants, whatever stacks the fleet support makes of it. */
const CLASS = labConfig({
  expiresOn: '2026-12-31',
  roster: {
    participants: [
      { id: 'alice', principalArn: 'arn:aws:iam::123456789012:role/alice' },
      { id: 'bob', principalArn: 'arn:aws:iam::123456789012:role/bob' },
    ],
  },
});

/** One rule's findings, formatted. */
const findings = (id: string, stacks: Stacks) => guardrail(id).check(stacks).map(formatFinding);

/** A deep copy of the default lab after `change`. */
function labWith(change: (cluster: Json, workloads: Json) => void): Stacks {
  const copy = JSON.parse(JSON.stringify(LAB)) as Record<string, StackJson>;
  change(copy[CLUSTER], copy[WORKLOADS]);
  return copy;
}

/** A hand-made stack `handmade` with these resources (and other top-level sections). */
function handmade(resource: Json, extra: Json = {}): Stacks {
  return { handmade: { terraform: {}, resource, output: {}, ...extra } as StackJson };
}

/** The block of `type` in a stack that matches `where` (the first, if several). */
function block(stack: Json, type: string, where: (b: Json) => boolean = () => true): Json {
  const found = Object.values(stack.resource[type] ?? {}).find(where);
  if (!found) throw new Error(`fixture: no ${type} matching`);
  return found;
}

const named = (name: string) => (b: Json) => b.metadata?.name === name;
const addonNamed = (name: string) => (b: Json) => b.addon_name === name;
/** Logical id of the role an ARN reference such as `${aws_iam_role.X.arn}` names. */
const roleIdOf = (ref: string) => referencesIn(ref)[0].id;

/** A container in the kubernetes provider's shape that every pod rule accepts. */
const GOOD_CONTAINER = {
  name: 'app',
  image: 'public.ecr.aws/docker/library/busybox:1.36.1',
  resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } },
  security_context: { allow_privilege_escalation: false },
};

/** A Deployment in `namespace` whose one container gets `container` on top of {@link GOOD_CONTAINER}. */
const deployment = (namespace: string, container: Json = {}) => ({
  metadata: { name: 'app', namespace },
  spec: {
    selector: { match_labels: { app: 'app' } },
    template: { metadata: { labels: { app: 'app' } }, spec: { container: [{ ...GOOD_CONTAINER, ...container }] } },
  },
});

const IRSA_SUB = '${replace(aws_iam_openid_connect_provider.oidc.url, "https://", "")}:sub';
/** A role with an IRSA (web identity) trust whose statement has `condition`. */
const irsaRole = (condition: Json) => ({
  aws_iam_role: {
    irsa: {
      name: 'irsa',
      assume_role_policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Federated: '${aws_iam_openid_connect_provider.oidc.arn}' },
            Action: 'sts:AssumeRoleWithWebIdentity',
            ...(condition ? { Condition: condition } : {}),
          },
        ],
      }),
    },
  },
});

describe('the real lab passes every guardrail', () => {
  test('default configuration: no error; the warnings are the open endpoint and the user names in Secrets', () => {
    const all = runGuardrails(LAB);
    expect(all.filter((f) => f.severity === 'error').map(formatFinding)).toEqual([]);
    expect(all.map(formatFinding).sort()).toEqual([
      expect.stringMatching(/^\[warning\] no-plaintext-secrets eks-workshop-workloads kubernetes_secret_v1\.\S+: Secret data\.RETAIL_CATALOG_PERSISTENCE_USER is a literal string \("catalog"\)/),
      expect.stringMatching(/^\[warning\] no-plaintext-secrets eks-workshop-workloads kubernetes_secret_v1\.\S+: Secret data\.RETAIL_ORDERS_PERSISTENCE_USERNAME is a literal string \("orders"\)/),
      expect.stringMatching(/^\[warning\] public-endpoint-cidrs eks-workshop-cluster aws_eks_cluster\.\S+: public endpoint is open to 0\.0\.0\.0\/0/),
    ]);
  });

  test('a class: no error in any of the stacks the configuration synthesizes', () => {
    const stacks = synthLab(CLASS);
    expect(Object.keys(stacks).length).toBeGreaterThanOrEqual(2);
    expect(runGuardrails(stacks).filter((f) => f.severity === 'error').map(formatFinding)).toEqual([]);
  });

  test('the rules read every stack: a problem in each workloads stack of the class is reported under its name', () => {
    const stacks = JSON.parse(JSON.stringify(synthLab(CLASS))) as Record<string, Json>;
    const withDatabases = Object.keys(stacks).filter((name) => stacks[name].resource.kubernetes_stateful_set_v1);
    expect(withDatabases.length).toBeGreaterThanOrEqual(1);
    for (const name of withDatabases) delete stacks[name].resource.kubernetes_network_policy_v1;
    const reported = new Set(guardrail('database-ingress-isolated').check(stacks).map((f) => f.stack));
    expect([...reported].sort()).toEqual(withDatabases.sort());
  });

  test('the public endpoint CIDRs are the configured ones', () => {
    const config = labConfig({ publicAccessCidrs: ['203.0.113.0/24', '198.51.100.7/32'] });
    const stacks = synthLab(config);
    const clusters = Object.values(stacks).flatMap((s) => Object.values(s.resource.aws_eks_cluster ?? {})) as Json[];
    expect(clusters.map((c) => c.vpc_config.public_access_cidrs)).toEqual([['203.0.113.0/24', '198.51.100.7/32']]);
    expect(findings('public-endpoint-cidrs', stacks)).toEqual([]);
  });
});

/** Fixtures on which a rule must report exactly `expected` (an empty list: nothing). */
const PASSING: Array<[rule: string, fixture: string, stacks: () => Stacks, expected: RegExp[]]> = [
  ['nodes-require-imdsv2', 'the lab', () => LAB, []],
  ['ebs-volumes-encrypted', 'the lab', () => LAB, []],
  [
    'ebs-volumes-encrypted',
    'an encrypted aws_ebs_volume and aws_instance',
    () =>
      handmade({
        aws_ebs_volume: { data: { availability_zone: 'us-west-2a', size: 10, encrypted: true } },
        aws_instance: { bastion: { root_block_device: { encrypted: true }, ebs_block_device: [{ device_name: '/dev/sdf', encrypted: 'true' }] } },
      }),
    [],
  ],
  ['control-plane-logging', 'the lab', () => LAB, []],
  ['public-endpoint-cidrs', 'the lab (0.0.0.0/0 is allowed, with a warning)', () => LAB, [/^\[warning\] public-endpoint-cidrs eks-workshop-cluster .*open to 0\.0\.0\.0\/0/]],
  [
    'public-endpoint-cidrs',
    'a private-only endpoint needs no CIDRs',
    () => labWith((cluster) => {
      const vpc = block(cluster, 'aws_eks_cluster').vpc_config;
      vpc.endpoint_public_access = false;
      delete vpc.public_access_cidrs;
    }),
    [],
  ],
  ['no-plaintext-secrets', 'the lab (user names in Secrets are warnings)', () => LAB, [/\[warning\].*RETAIL_CATALOG_PERSISTENCE_USER/, /\[warning\].*RETAIL_ORDERS_PERSISTENCE_USERNAME/]],
  [
    'no-plaintext-secrets',
    'a sensitive output of a generated password, a Secret value from a variable',
    () =>
      handmade(
        { kubernetes_secret_v1: { s: { metadata: { name: 's' }, data: { password: '${var.db_password}' } } }, random_password: { p: { length: 24 } } },
        { output: { db_password: { value: '${random_password.p.result}', sensitive: true } } },
      ),
    [],
  ],
  ['workload-roles-least-privilege', 'the lab', () => LAB, []],
  [
    'workload-roles-least-privilege',
    'a scoped inline policy on the node role',
    () =>
      labWith((cluster) => {
        const nodeRole = roleIdOf(block(cluster, 'aws_eks_node_group').node_role_arn);
        cluster.resource.aws_iam_role_policy = {
          logs: {
            role: `\${aws_iam_role.${nodeRole}.name}`,
            policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::lab-bucket/*' }] }),
          },
        };
      }),
    [],
  ],
  ['pod-roles-scoped', 'the lab', () => LAB, []],
  [
    'pod-roles-scoped',
    'an IRSA trust pinned to one service account',
    () => handmade(irsaRole({ StringEquals: { [IRSA_SUB]: 'system:serviceaccount:kube-system:ebs-csi-controller-sa' } })),
    [],
  ],
  ['pod-security', 'the lab', () => LAB, []],
  [
    'pod-security',
    'a Deployment and a Pod with requests, limits, a pinned image and no escalation',
    () => handmade({ kubernetes_deployment_v1: { app: deployment('default') }, kubernetes_pod_v1: { pod: { metadata: { name: 'pod', namespace: 'default' }, spec: { container: [GOOD_CONTAINER] } } } }),
    [],
  ],
  ['no-load-balancers', 'the lab (headless ClusterIP Services only)', () => LAB, []],
  ['database-ingress-isolated', 'the lab (each service next to its database, the UI calling the services)', () => LAB, []],
  ['kubernetes-rbac-least-privilege', 'the lab (the rollout wait reads one DaemonSet)', () => LAB, []],
  [
    'kubernetes-rbac-least-privilege',
    'a stack without RBAC',
    () => handmade({ kubernetes_deployment_v1: { app: deployment('default') } }),
    [],
  ],
  [
    'database-ingress-isolated',
    'a client Deployment in the database namespace',
    () => labWith((_cluster, workloads) => (workloads.resource.kubernetes_deployment_v1 = { orders: deployment('orders', { env: [{ name: 'DB', value: 'orders-postgresql:5432' }] }) })),
    [],
  ],
];

/**
 * Fixtures on which a rule must report exactly one finding beyond what it reports on the unchanged
 * lab (the lab's accepted warnings), matching the pattern.
 */
const FAILING: Array<[rule: string, fixture: string, stacks: () => Stacks, expected: RegExp]> = [
  [
    'nodes-require-imdsv2',
    'IMDSv1 allowed',
    () => labWith((cluster) => (block(cluster, 'aws_launch_template').metadata_options.http_tokens = 'optional')),
    /^\[error\] nodes-require-imdsv2 eks-workshop-cluster aws_launch_template\.\S+: metadata_options.http_tokens is "optional"; set "required"/,
  ],
  [
    'nodes-require-imdsv2',
    'hop limit 2 (pods reach IMDS)',
    () => labWith((cluster) => (block(cluster, 'aws_launch_template').metadata_options.http_put_response_hop_limit = 2)),
    /aws_launch_template\.\S+: metadata_options.http_put_response_hop_limit is 2; set 1/,
  ],
  [
    'nodes-require-imdsv2',
    'a node group without launch template',
    () => labWith((cluster) => delete block(cluster, 'aws_eks_node_group').launch_template),
    /aws_eks_node_group\.\S+: uses no launch template/,
  ],
  [
    'nodes-require-imdsv2',
    'a node group with a launch template from outside the stack',
    () => labWith((cluster) => (block(cluster, 'aws_eks_node_group').launch_template = { id: 'lt-0123456789abcdef0', version: '1' })),
    /aws_eks_node_group\.\S+: launch_template does not reference an aws_launch_template of this stack/,
  ],
  [
    'ebs-volumes-encrypted',
    'an unencrypted root volume in the launch template',
    () => labWith((cluster) => (block(cluster, 'aws_launch_template').block_device_mappings[0].ebs.encrypted = 'false')),
    /^\[error\] ebs-volumes-encrypted eks-workshop-cluster aws_launch_template\.\S+: block device \/dev\/xvda is not encrypted/,
  ],
  [
    'ebs-volumes-encrypted',
    'a launch template without block devices (warning)',
    () => labWith((cluster) => delete block(cluster, 'aws_launch_template').block_device_mappings),
    /^\[warning\] ebs-volumes-encrypted .*has no block_device_mappings/,
  ],
  [
    'ebs-volumes-encrypted',
    'the gp3 StorageClass without encrypted',
    () => labWith((_cluster, workloads) => delete block(workloads, 'kubernetes_storage_class_v1').parameters.encrypted),
    /eks-workshop-workloads kubernetes_storage_class_v1\.\S+ \(StorageClass gp3\): provisions EBS volumes without parameters.encrypted "true"/,
  ],
  [
    'ebs-volumes-encrypted',
    'an in-tree EBS StorageClass in a kubernetes_manifest',
    () =>
      handmade({
        kubernetes_manifest: {
          sc: { manifest: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'legacy' }, provisioner: 'kubernetes.io/aws-ebs', parameters: { type: 'gp2' } } },
        },
      }),
    /kubernetes_manifest\.sc \(StorageClass legacy\): provisions EBS volumes without parameters.encrypted "true" \(is undefined\)/,
  ],
  [
    'ebs-volumes-encrypted',
    "the EBS CSI add-on's own default StorageClass",
    () =>
      labWith((cluster) => {
        const addon = block(cluster, 'aws_eks_addon', addonNamed('aws-ebs-csi-driver'));
        addon.configuration_values = JSON.stringify({ ...JSON.parse(addon.configuration_values), defaultStorageClass: { enabled: true } });
      }),
    /aws_eks_addon\.\S+: enables the add-on's default StorageClass ebs-csi-default-sc/,
  ],
  [
    'ebs-volumes-encrypted',
    'an aws_ebs_volume without encryption',
    () => handmade({ aws_ebs_volume: { data: { availability_zone: 'us-west-2a', size: 10 } } }),
    /aws_ebs_volume\.data: is not encrypted \(encrypted undefined\)/,
  ],
  [
    'ebs-volumes-encrypted',
    'an aws_instance with an unencrypted root volume',
    () => handmade({ aws_instance: { bastion: { root_block_device: { encrypted: false } } } }),
    /aws_instance\.bastion: root_block_device is not encrypted/,
  ],
  [
    'control-plane-logging',
    'only api logs',
    () => labWith((cluster) => (block(cluster, 'aws_eks_cluster').enabled_cluster_log_types = ['api', 'scheduler'])),
    /aws_eks_cluster\.\S+: enabled_cluster_log_types lacks audit, authenticator/,
  ],
  [
    'control-plane-logging',
    'no logs at all',
    () => labWith((cluster) => delete block(cluster, 'aws_eks_cluster').enabled_cluster_log_types),
    /enabled_cluster_log_types lacks api, audit, authenticator \(has \[\]\)/,
  ],
  [
    'public-endpoint-cidrs',
    'a public endpoint with the AWS default CIDRs',
    () => labWith((cluster) => delete block(cluster, 'aws_eks_cluster').vpc_config.public_access_cidrs),
    /^\[error\] public-endpoint-cidrs eks-workshop-cluster aws_eks_cluster\.\S+: has a public endpoint but no public_access_cidrs/,
  ],
  [
    'no-plaintext-secrets',
    'a literal password in Secret data',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_secret_v1', named('catalog-mysql-root')).data.password = 'hunter2')),
    /^\[error\] no-plaintext-secrets eks-workshop-workloads kubernetes_secret_v1\.\S+: Secret data.password is a literal string; generate it/,
  ],
  [
    'no-plaintext-secrets',
    'a password env var with a value',
    () =>
      labWith((_cluster, workloads) => {
        const env = block(workloads, 'kubernetes_stateful_set_v1', named('orders-postgresql')).spec.template.spec.container[0].env;
        env.find((e: Json) => e.name === 'POSTGRES_PASSWORD').value = '${random_password.other.result}';
      }),
    /kubernetes_stateful_set_v1\.\S+: spec.template.spec.container\[0\].env\[\d\]: env POSTGRES_PASSWORD must come from a Secret \(value_from.secret_key_ref\), not a value in the pod spec/,
  ],
  [
    'no-plaintext-secrets',
    'a password env var from a ConfigMap',
    () =>
      labWith((_cluster, workloads) => {
        const env = block(workloads, 'kubernetes_stateful_set_v1', named('catalog-mysql')).spec.template.spec.container[0].env;
        env.find((e: Json) => e.name === 'MYSQL_ROOT_PASSWORD').value_from = { config_map_key_ref: { name: 'settings', key: 'root' } };
      }),
    /env MYSQL_ROOT_PASSWORD must come from a Secret \(value_from.secret_key_ref\), not \{"config_map_key_ref"/,
  ],
  [
    'no-plaintext-secrets',
    'a token inside JSON-encoded add-on configuration',
    () =>
      labWith((cluster) => {
        const addon = block(cluster, 'aws_eks_addon', addonNamed('vpc-cni'));
        addon.configuration_values = JSON.stringify({ ...JSON.parse(addon.configuration_values), auth: { token: 'abc123' } });
      }),
    /eks-workshop-cluster aws_eks_addon\.\S+: configuration_values.auth.token is a literal string/,
  ],
  [
    'no-plaintext-secrets',
    'a static secret key in the provider',
    () => labWith((cluster) => (cluster.provider.aws[0].secret_key = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY')),
    /eks-workshop-cluster provider.aws\[0\]: secret_key is a literal string/,
  ],
  [
    'no-plaintext-secrets',
    'an output of a generated password that is not sensitive',
    () => labWith((_cluster, workloads) => (workloads.output.root = { value: `\${random_password.${Object.keys(workloads.resource.random_password)[0]}.result}` })),
    /eks-workshop-workloads output.root: exposes random_password\.\S+\.result but is not sensitive = true/,
  ],
  [
    'workload-roles-least-privilege',
    'AdministratorAccess on the node role',
    () =>
      labWith((cluster) => {
        const nodeRole = roleIdOf(block(cluster, 'aws_eks_node_group').node_role_arn);
        cluster.resource.aws_iam_role_policy_attachment.admin = { role: `\${aws_iam_role.${nodeRole}.name}`, policy_arn: 'arn:aws:iam::aws:policy/AdministratorAccess' };
      }),
    /aws_iam_role_policy_attachment\.admin: node role aws_iam_role\.\S+: has the admin-style managed policy AdministratorAccess/,
  ],
  [
    'workload-roles-least-privilege',
    'a *FullAccess policy on the EBS CSI pod role',
    () =>
      labWith((cluster) => {
        const role = Object.entries(cluster.resource.aws_iam_role as Record<string, Json>).find(([, r]) => r.assume_role_policy.includes('pods.eks'))![0];
        cluster.resource.aws_iam_role_policy_attachment.s3 = { role: `\${aws_iam_role.${role}.name}`, policy_arn: 'arn:aws:iam::aws:policy/AmazonS3FullAccess' };
      }),
    /aws_iam_role_policy_attachment\.s3: pod role aws_iam_role\.\S+: has the admin-style managed policy AmazonS3FullAccess/,
  ],
  [
    'workload-roles-least-privilege',
    'an inline s3:* on * on the node role',
    () =>
      labWith((cluster) => {
        const nodeRole = roleIdOf(block(cluster, 'aws_eks_node_group').node_role_arn);
        cluster.resource.aws_iam_role_policy = {
          s3: { role: `\${aws_iam_role.${nodeRole}.name}`, policy: JSON.stringify({ Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) },
        };
      }),
    /aws_iam_role_policy\.s3: node role aws_iam_role\.\S+: the policy allows \["s3:\*"\] on Resource "\*"/,
  ],
  [
    'workload-roles-least-privilege',
    'a customer policy from a policy document with * on *',
    () =>
      labWith((cluster) => {
        const nodeRole = roleIdOf(block(cluster, 'aws_eks_node_group').node_role_arn);
        cluster.data = { aws_iam_policy_document: { all: { statement: [{ effect: 'Allow', actions: ['*'], resources: ['*'] }] } } };
        cluster.resource.aws_iam_policy = { all: { name: 'all', policy: '${data.aws_iam_policy_document.all.json}' } };
        cluster.resource.aws_iam_role_policy_attachment.all = { role: `\${aws_iam_role.${nodeRole}.name}`, policy_arn: '${aws_iam_policy.all.arn}' };
      }),
    /aws_iam_role_policy_attachment\.all: node role .*: policy \$\{aws_iam_policy\.all\.arn\} allows \["\*"\] on Resource "\*"/,
  ],
  [
    'pod-roles-scoped',
    'the EBS CSI role also used as the node role',
    () =>
      labWith((cluster) => {
        const role = Object.entries(cluster.resource.aws_iam_role as Record<string, Json>).find(([, r]) => r.assume_role_policy.includes('pods.eks'))![0];
        block(cluster, 'aws_eks_node_group').node_role_arn = `\${aws_iam_role.${role}.arn}`;
      }),
    /aws_eks_node_group\.\S+: uses Pod Identity role aws_iam_role\.\S+ as node_role_arn; it may only be bound to service accounts/,
  ],
  [
    'pod-roles-scoped',
    'a Pod Identity role bound to no service account (warning)',
    () => labWith((cluster) => delete block(cluster, 'aws_eks_addon', addonNamed('aws-ebs-csi-driver')).pod_identity_association),
    /^\[warning\] pod-roles-scoped eks-workshop-cluster aws_iam_role\.\S+: is trusted by pods.eks.amazonaws.com but bound to no service account/,
  ],
  [
    'pod-roles-scoped',
    'an association for any service account',
    () =>
      labWith((cluster) => {
        const role = block(cluster, 'aws_eks_addon', addonNamed('aws-ebs-csi-driver')).pod_identity_association[0].role_arn;
        cluster.resource.aws_eks_pod_identity_association = { any: { cluster_name: 'eks-workshop', namespace: 'kube-system', service_account: '*', role_arn: role } };
      }),
    /aws_eks_pod_identity_association\.any: service_account "\*" must name one service account/,
  ],
  [
    'pod-roles-scoped',
    'an add-on association without a service account',
    () => labWith((cluster) => (block(cluster, 'aws_eks_addon', addonNamed('aws-ebs-csi-driver')).pod_identity_association[0].service_account = '')),
    /aws_eks_addon\.\S+: pod_identity_association service_account "" must name one service account/,
  ],
  [
    'pod-roles-scoped',
    'a Pod Identity trust shared with an account principal',
    () =>
      labWith((cluster) => {
        const role = Object.values(cluster.resource.aws_iam_role as Record<string, Json>).find((r) => r.assume_role_policy.includes('pods.eks'));
        const trust = JSON.parse(role.assume_role_policy);
        trust.Statement[0].Principal.AWS = 'arn:aws:iam::123456789012:root';
        role.assume_role_policy = JSON.stringify(trust);
      }),
    /aws_iam_role\.\S+: trust policy also trusts AWS arn:aws:iam::123456789012:root next to pods.eks.amazonaws.com/,
  ],
  [
    'pod-roles-scoped',
    'an IRSA trust without a :sub condition',
    () => handmade(irsaRole({ StringEquals: { [IRSA_SUB.replace(':sub', ':aud')]: 'sts.amazonaws.com' } })),
    /aws_iam_role\.irsa: web-identity \(IRSA\) trust has no condition pinning :sub/,
  ],
  [
    'pod-roles-scoped',
    'an IRSA trust with a wildcard :sub',
    () => handmade(irsaRole({ StringLike: { [IRSA_SUB]: 'system:serviceaccount:kube-system:*' } })),
    /aws_iam_role\.irsa: web-identity \(IRSA\) trust has no condition pinning :sub/,
  ],
  [
    'pod-security',
    'a privileged log collector',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_daemon_set_v1').spec.template.spec.container[0].security_context.privileged = true)),
    /^\[error\] pod-security eks-workshop-workloads kubernetes_daemon_set_v1\.\S+ \(DaemonSet kube-system\/log-collector\): container fluent-bit is privileged/,
  ],
  [
    'pod-security',
    'host network',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_daemon_set_v1').spec.template.spec.host_network = true)),
    /\(DaemonSet kube-system\/log-collector\): pod sets hostNetwork: true/,
  ],
  [
    'pod-security',
    'host PID namespace on a bare Pod',
    () => handmade({ kubernetes_pod_v1: { pod: { metadata: { name: 'debug', namespace: 'default' }, spec: { host_pid: true, container: [GOOD_CONTAINER] } } } }),
    /kubernetes_pod_v1\.pod \(Pod default\/debug\): pod sets hostPID: true/,
  ],
  [
    'pod-security',
    'a writable hostPath mount',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_daemon_set_v1').spec.template.spec.container[0].volume_mount[0].read_only = false)),
    /container fluent-bit mounts hostPath volume varlog writable/,
  ],
  [
    'pod-security',
    'privilege escalation not switched off',
    () => labWith((_cluster, workloads) => delete block(workloads, 'kubernetes_job_v1', named('data-processor')).spec.template.spec.container[0].security_context.allow_privilege_escalation),
    /\(Job catalog\/data-processor\): container data-processor does not set securityContext.allowPrivilegeEscalation: false/,
  ],
  [
    'pod-security',
    'an init container without a memory limit',
    () =>
      labWith((_cluster, workloads) => {
        const init = { ...GOOD_CONTAINER, name: 'init', resources: { requests: GOOD_CONTAINER.resources.requests, limits: { cpu: '50m' } } };
        block(workloads, 'kubernetes_stateful_set_v1', named('checkout-redis')).spec.template.spec.init_container = [init];
      }),
    /\(StatefulSet checkout\/checkout-redis\): initContainer init has no memory limit/,
  ],
  [
    'pod-security',
    'the latest tag',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_cron_job_v1').spec.job_template.spec.template.spec.container[0].image = 'busybox:latest')),
    /\(CronJob catalog\/catalog-cleanup\): container catalog-cleanup image "busybox:latest" must not use the floating tag latest/,
  ],
  [
    'pod-security',
    'an untagged image in a Deployment',
    () => handmade({ kubernetes_deployment_v1: { app: deployment('default', { image: 'public.ecr.aws/docker/library/nginx' }) } }),
    /\(Deployment default\/app\): container app image "public.ecr.aws\/docker\/library\/nginx" must be pinned to a tag or digest/,
  ],
  [
    'pod-security',
    'a privileged Deployment in a kubernetes_manifest',
    () =>
      handmade({
        kubernetes_manifest: {
          app: {
            manifest: {
              apiVersion: 'apps/v1',
              kind: 'Deployment',
              metadata: { name: 'raw', namespace: 'default' },
              spec: {
                selector: { matchLabels: { app: 'raw' } },
                template: {
                  metadata: { labels: { app: 'raw' } },
                  spec: {
                    containers: [
                      {
                        name: 'raw',
                        image: 'nginx:1.27',
                        resources: { requests: { cpu: '1m', memory: '1Mi' }, limits: { cpu: '1m', memory: '1Mi' } },
                        securityContext: { allowPrivilegeEscalation: false, privileged: true },
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      }),
    /kubernetes_manifest\.app \(Deployment default\/raw\): container raw is privileged/,
  ],
  [
    'no-load-balancers',
    'a LoadBalancer Service',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_service_v1', named('checkout-redis')).spec.type = 'LoadBalancer')),
    /^\[error\] no-load-balancers eks-workshop-workloads kubernetes_service_v1\.\S+: Service checkout-redis is of type LoadBalancer/,
  ],
  [
    'no-load-balancers',
    'a NodePort Service',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_service_v1', named('orders-postgresql')).spec.type = 'NodePort')),
    /Service orders-postgresql is of type NodePort/,
  ],
  [
    'no-load-balancers',
    'an Ingress',
    () => handmade({ kubernetes_ingress_v1: { web: { metadata: { name: 'web', namespace: 'default' }, spec: { default_backend: { service: { name: 'web', port: { number: 80 } } } } } } }),
    /kubernetes_ingress_v1\.web: Ingress web: an ingress controller would create a load balancer outside Terraform/,
  ],
  [
    'no-load-balancers',
    'a LoadBalancer Service in a kubernetes_manifest',
    () => handmade({ kubernetes_manifest: { svc: { manifest: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'raw' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }] } } } } }),
    /kubernetes_manifest\.svc: Service raw is of type LoadBalancer/,
  ],
  [
    'database-ingress-isolated',
    'a database without NetworkPolicy',
    () =>
      labWith((_cluster, workloads) => {
        const policies = workloads.resource.kubernetes_network_policy_v1 as Record<string, Json>;
        for (const [id, p] of Object.entries(policies)) if (p.metadata.name === 'checkout-redis') delete policies[id];
      }),
    /^\[error\] database-ingress-isolated eks-workshop-workloads kubernetes_stateful_set_v1\.\S+ \(StatefulSet checkout\/checkout-redis\): no NetworkPolicy with policyTypes Ingress selects the database's pods in namespace checkout/,
  ],
  [
    'database-ingress-isolated',
    'a policy that selects other pods',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_network_policy_v1', named('orders-postgresql')).spec.pod_selector.match_labels['app.kubernetes.io/component'] = 'mysql')),
    /\(StatefulSet orders\/orders-postgresql\): no NetworkPolicy with policyTypes Ingress selects/,
  ],
  [
    'database-ingress-isolated',
    'a peer with a namespaceSelector',
    () => labWith((_cluster, workloads) => block(workloads, 'kubernetes_network_policy_v1', named('catalog-mysql')).spec.ingress[0].from.push({ namespace_selector: {} })),
    /kubernetes_network_policy_v1\.\S+ \(NetworkPolicy catalog\/catalog-mysql\): ingress\[0\].from\[1\] has a namespaceSelector: it admits pods of other namespaces/,
  ],
  [
    'database-ingress-isolated',
    'a peer with an ipBlock',
    () => labWith((_cluster, workloads) => block(workloads, 'kubernetes_network_policy_v1', named('catalog-mysql')).spec.ingress[0].from.push({ ip_block: { cidr: '10.0.0.0/8' } })),
    /\(NetworkPolicy catalog\/catalog-mysql\): ingress\[0\].from\[1\] has an ipBlock/,
  ],
  [
    'database-ingress-isolated',
    'a rule without from',
    () => labWith((_cluster, workloads) => delete block(workloads, 'kubernetes_network_policy_v1', named('checkout-redis')).spec.ingress[0].from),
    /\(NetworkPolicy checkout\/checkout-redis\): ingress\[0\] has no from: it admits every source/,
  ],
  [
    'database-ingress-isolated',
    'a rule without ports',
    () => labWith((_cluster, workloads) => delete block(workloads, 'kubernetes_network_policy_v1', named('checkout-redis')).spec.ingress[0].ports),
    /\(NetworkPolicy checkout\/checkout-redis\): ingress\[0\] has no ports: it admits every port/,
  ],
  [
    'database-ingress-isolated',
    'a port that is not the database port',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_network_policy_v1', named('orders-postgresql')).spec.ingress[0].ports[0].port = '22')),
    /\(NetworkPolicy orders\/orders-postgresql\): ingress\[0\] admits port 22, which is not a port of orders-postgresql/,
  ],
  [
    'database-ingress-isolated',
    'the Job connects to the catalog database',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_job_v1', named('data-processor')).spec.template.spec.container[0].env = [{ name: 'DB', value: 'catalog-mysql:3306' }])),
    /\(Job catalog\/data-processor\): a Job must need no database access, but it container data-processor names Service catalog-mysql, container data-processor uses port 3306 of database catalog\/catalog-mysql/,
  ],
  [
    'database-ingress-isolated',
    "the CronJob reads the catalog database's Secret",
    () =>
      labWith((_cluster, workloads) => {
        const secretId = Object.entries(workloads.resource.kubernetes_secret_v1 as Record<string, Json>).find(([, s]) => s.metadata.name === 'catalog-db')![0];
        block(workloads, 'kubernetes_cron_job_v1').spec.job_template.spec.template.spec.container[0].env_from = [{ secret_ref: { name: `\${kubernetes_secret_v1.${secretId}.metadata[0].name}` } }];
      }),
    /\(CronJob catalog\/catalog-cleanup\): a CronJob must need no database access, but it reads Secret catalog-db of database catalog\/catalog-mysql/,
  ],
  [
    'database-ingress-isolated',
    'the DaemonSet names the orders database',
    () => labWith((_cluster, workloads) => block(workloads, 'kubernetes_daemon_set_v1').spec.template.spec.container[0].command.push('--forward=orders-postgresql.orders.svc.cluster.local')),
    /\(DaemonSet kube-system\/log-collector\): a DaemonSet must need no database access, but it container fluent-bit names Service orders-postgresql/,
  ],
  [
    'database-ingress-isolated',
    'a Deployment reaching a database from another namespace',
    () => labWith((_cluster, workloads) => (workloads.resource.kubernetes_deployment_v1 = { app: deployment('catalog', { env: [{ name: 'ORDERS', value: 'orders-postgresql.orders:5432' }] }) })),
    /\(Deployment catalog\/app\): connects to database orders\/orders-postgresql from namespace catalog .*which its NetworkPolicy blocks/,
  ],
  [
    'database-ingress-isolated',
    'carts-dynamodb without its NetworkPolicy',
    () => labWith((_cluster, workloads) => {
      const policies = workloads.resource.kubernetes_network_policy_v1 as Record<string, Json>;
      delete policies[Object.entries(policies).find(([, p]) => p.metadata.name === 'carts-dynamodb')![0]];
    }),
    /\(Deployment carts\/carts-dynamodb\): no NetworkPolicy with policyTypes Ingress selects the database's pods in namespace carts/,
  ],
  [
    'database-ingress-isolated',
    "the UI's ConfigMap sends it to the orders database",
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_config_map_v1', named('ui')).data.RETAIL_UI_ENDPOINTS_ORDERS = 'http://orders-postgresql.orders.svc:5432')),
    /\(Deployment ui\/ui\): connects to database orders\/orders-postgresql from namespace ui \(container ui names Service orders-postgresql, container ui uses port 5432\), which its NetworkPolicy blocks/,
  ],
  [
    'kubernetes-rbac-least-privilege',
    'the rollout Role may delete the DaemonSet',
    () => labWith((_cluster, workloads) => block(workloads, 'kubernetes_role_v1').rule[0].verbs.push('delete')),
    /^\[error\] kubernetes-rbac-least-privilege eks-workshop-workloads kubernetes_role_v1\.\S+ \(Role kube-system\/log-collector-rollout\): rules\[0\] allows delete: only get, list and watch/,
  ],
  [
    'kubernetes-rbac-least-privilege',
    'the rollout Role reads every DaemonSet',
    () => labWith((_cluster, workloads) => delete block(workloads, 'kubernetes_role_v1').rule[0].resource_names),
    /rules\[0\] has no resourceNames: it reads every object of \["daemonsets"\] in the namespace/,
  ],
  [
    'kubernetes-rbac-least-privilege',
    'a Role that reads a Secret',
    () => labWith((_cluster, workloads) => block(workloads, 'kubernetes_role_v1').rule.push({ api_groups: [''], resources: ['secrets'], resource_names: ['catalog-db'], verbs: ['get'] })),
    /rules\[1\] reads Secrets/,
  ],
  [
    'kubernetes-rbac-least-privilege',
    'a wildcard resource',
    () => labWith((_cluster, workloads) => (block(workloads, 'kubernetes_role_v1').rule[0].resources = ['*'])),
    /rules\[0\] has a wildcard in resources/,
  ],
  [
    'kubernetes-rbac-least-privilege',
    'a binding to a user',
    () => labWith((_cluster, workloads) => block(workloads, 'kubernetes_role_binding_v1').subject.push({ kind: 'User', name: 'learner', api_group: 'rbac.authorization.k8s.io' })),
    /\(RoleBinding kube-system\/log-collector-rollout\): binds User learner: the workloads bind their own ServiceAccounts only/,
  ],
  [
    'kubernetes-rbac-least-privilege',
    'a ClusterRoleBinding',
    () =>
      handmade({
        kubernetes_cluster_role_binding_v1: {
          admin: { metadata: { name: 'everyone-admin' }, role_ref: { api_group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subject: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }] },
        },
      }),
    /kubernetes_cluster_role_binding_v1\.admin \(ClusterRoleBinding everyone-admin\): a ClusterRoleBinding grants cluster-wide access/,
  ],
];

describe.each(GUARDRAIL_RULES.map((rule) => [rule.id, rule] as const))('%s', (id) => {
  test.each(PASSING.filter(([rule]) => rule === id).map(([, name, stacks, expected]) => [name, stacks, expected] as const))('passes: %s', (_name, stacks, expected) => {
    expect(findings(id, stacks())).toEqual(expected.map((pattern) => expect.stringMatching(pattern)));
  });

  test.each(FAILING.filter(([rule]) => rule === id).map(([, name, stacks, expected]) => [name, stacks, expected] as const))('fails: %s', (_name, stacks, expected) => {
    const baseline = new Set(findings(id, LAB));
    expect(findings(id, stacks()).filter((f) => !baseline.has(f))).toEqual([expect.stringMatching(expected)]);
  });
});

describe('the rule suite', () => {
  test('every rule has a unique id, a description, and at least one passing and one failing fixture', () => {
    const ids = GUARDRAIL_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of GUARDRAIL_RULES) {
      expect(rule.description.length).toBeGreaterThan(20);
      expect(PASSING.some(([id]) => id === rule.id)).toBe(true);
      expect(FAILING.some(([id]) => id === rule.id)).toBe(true);
    }
    expect([...PASSING, ...FAILING].map(([id]) => id).filter((id) => !ids.includes(id))).toEqual([]);
  });

  test('findings name the stack, the resource address and the problem', () => {
    const [finding] = guardrail('control-plane-logging').check(labWith((cluster) => (block(cluster, 'aws_eks_cluster').enabled_cluster_log_types = ['api', 'audit'])));
    expect(finding).toEqual({
      rule: 'control-plane-logging',
      severity: 'error',
      stack: CLUSTER,
      address: expect.stringMatching(/^aws_eks_cluster\./),
      problem: 'enabled_cluster_log_types lacks authenticator (has ["api","audit"])',
    });
  });
});
