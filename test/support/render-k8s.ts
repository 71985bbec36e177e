import { StackJson, TfBlock } from './fixtures';

/** A Kubernetes API object, as the kubernetes provider would send it to the API server. */
export interface K8sObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  readonly [field: string]: unknown;
}

/** One rendered object with where it came from in the Terraform graph. */
export interface RenderedObject {
  /** `type.id` of the Terraform resource. */
  readonly address: string;
  /** The API object. */
  readonly object: K8sObject;
  /** Addresses this resource depends on (depends_on plus interpolated references). */
  readonly dependencies: readonly string[];
}

/** Kubernetes kind of each kubernetes provider resource type the lab uses. */
const KINDS: Record<string, { apiVersion: string; kind: string }> = {
  kubernetes_namespace_v1: { apiVersion: 'v1', kind: 'Namespace' },
  kubernetes_secret_v1: { apiVersion: 'v1', kind: 'Secret' },
  kubernetes_config_map_v1: { apiVersion: 'v1', kind: 'ConfigMap' },
  kubernetes_service_v1: { apiVersion: 'v1', kind: 'Service' },
  kubernetes_stateful_set_v1: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  kubernetes_daemon_set_v1: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  kubernetes_job_v1: { apiVersion: 'batch/v1', kind: 'Job' },
  kubernetes_cron_job_v1: { apiVersion: 'batch/v1', kind: 'CronJob' },
  kubernetes_storage_class_v1: { apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' },
  kubernetes_network_policy_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' },
  kubernetes_deployment_v1: { apiVersion: 'apps/v1', kind: 'Deployment' },
  kubernetes_pod_v1: { apiVersion: 'v1', kind: 'Pod' },
  kubernetes_ingress_v1: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  kubernetes_service_account_v1: { apiVersion: 'v1', kind: 'ServiceAccount' },
  kubernetes_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' },
  kubernetes_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' },
  kubernetes_cluster_role_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
  kubernetes_cluster_role_binding_v1: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding' },
};

/** `kubernetes_manifest` holds the API object as it is (apiVersion, kind, camelCase fields). */
const MANIFEST = 'kubernetes_manifest';

/** Arguments of the provider resource that steer Terraform, not the API object. */
const PROVIDER_ONLY = new Set(['//', 'depends_on', 'lifecycle', 'provider', 'timeouts', 'wait_for_rollout', 'wait_for_completion', 'wait_for_load_balancer']);

/** Provider block names (lists of blocks) that differ from the API field beyond snake_case -> camelCase. */
const BLOCK_RENAMES: Record<string, string> = {
  container: 'containers',
  init_container: 'initContainers',
  port: 'ports',
  volume_mount: 'volumeMounts',
  volume: 'volumes',
  volume_claim_template: 'volumeClaimTemplates',
  env_from: 'envFrom',
  toleration: 'tolerations',
  image_pull_secrets: 'imagePullSecrets',
  rule: 'rules',
  subject: 'subjects',
};

/** Provider attribute names that differ from the API field beyond snake_case -> camelCase. */
const FIELD_RENAMES: Record<string, string> = {
  cluster_ip: 'clusterIP',
  cluster_ips: 'clusterIPs',
  timezone: 'timeZone',
  storage_provisioner: 'provisioner',
  host_pid: 'hostPID',
  host_ipc: 'hostIPC',
};

/** API fields that are lists; any other list the provider uses for a block holds one object. */
const LIST_FIELDS = new Set([
  'containers', 'initContainers', 'ports', 'env', 'volumeMounts', 'volumes', 'volumeClaimTemplates', 'envFrom',
  'tolerations', 'imagePullSecrets', 'accessModes', 'command', 'args', 'drop', 'add', 'clusterIPs', 'ingress',
  'egress', 'from', 'to', 'policyTypes', 'matchExpressions', 'values', 'mountOptions', 'items', 'supplementalGroups',
  'rules', 'subjects', 'apiGroups', 'resources', 'resourceNames', 'verbs',
]);

/** Provider fields that are strings in HCL but integers in the API. */
const INTEGER_STRINGS = new Set(['runAsUser', 'runAsGroup', 'fsGroup', 'replicas']);

/** Maps (string keys the user chose, not field names): copied, never renamed. */
const MAPS = new Set(['labels', 'annotations', 'matchLabels', 'data', 'parameters', 'nodeSelector', 'requests', 'limits', 'stringData']);

/** `selector` is a plain map on a Service and a LabelSelector (match_labels, ...) on controllers. */
function isMap(field: string, value: object): boolean {
  return MAPS.has(field) || (field === 'selector' && !('match_labels' in value) && !('match_expressions' in value));
}

const REFERENCE = /\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([^}]*)\}/g;

/**
 * Renders every kubernetes provider resource of a synthesized stack into the API object the provider
 * would create: block names to API field names, single-item blocks to objects, provider strings to
 * API integers, Secret `data` (base64-encoded by the provider) to `stringData`, and references to
 * other resources' `metadata[0].name` resolved. Other references (generated passwords) become
 * `<generated>`. A `kubernetes_manifest` is already an API object; only its references are resolved.
 */
export function renderKubernetesObjects(stack: StackJson): RenderedObject[] {
  const resources = Object.entries(stack.resource)
    .filter(([type]) => type.startsWith('kubernetes_'))
    .flatMap(([type, blocks]) => Object.entries(blocks).map(([id, block]) => ({ type, id, block })));
  const metadataOf = (type: string, block: TfBlock) => (type === MANIFEST ? (block.manifest as { metadata: { name: string } }) : block).metadata as { name: string };
  const names = new Map(resources.map(({ type, id, block }) => [`${type}.${id}`, metadataOf(type, block).name]));

  return resources.map(({ type, id, block }) => {
    const dependencies = new Set<string>(block.depends_on ?? []);
    const resolve = (text: string) =>
      text.replace(REFERENCE, (_match, refType: string, refId: string, attribute: string) => {
        dependencies.add(`${refType}.${refId}`);
        const name = names.get(`${refType}.${refId}`);
        return attribute === 'metadata[0].name' && name !== undefined ? name : '<generated>';
      });
    if (type === MANIFEST) {
      const object = JSON.parse(JSON.stringify(block.manifest), (_key, value: unknown) => (typeof value === 'string' ? resolve(value) : value));
      return { address: `${type}.${id}`, object: object as K8sObject, dependencies: [...dependencies] };
    }
    const kind = KINDS[type];
    if (!kind) throw new Error(`renderKubernetesObjects: no API kind known for ${type}`);
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(block)) {
      if (PROVIDER_ONLY.has(key)) continue;
      const field = apiName(key, value);
      body[type === 'kubernetes_secret_v1' && field === 'data' ? 'stringData' : field] = convert(field, value, resolve);
    }
    // The provider's DaemonSet `strategy` is the API's `updateStrategy` (structures_daemonset.go).
    const spec = body.spec as Record<string, unknown> | undefined;
    if (type === 'kubernetes_daemon_set_v1' && spec && 'strategy' in spec) {
      const { strategy, ...rest } = spec;
      body.spec = { ...rest, updateStrategy: strategy };
    }
    return { address: `${type}.${id}`, object: { ...kind, ...body } as K8sObject, dependencies: [...dependencies] };
  });
}

function convert(field: string, value: unknown, resolve: (text: string) => string): unknown {
  if (typeof value === 'string') {
    const text = resolve(value);
    if (INTEGER_STRINGS.has(field)) return Number(text);
    // Int-or-string fields: digits are the port number, anything else a port name.
    if ((field === 'targetPort' || field === 'port') && /^\d+$/.test(text)) return Number(text);
    return text;
  }
  if (Array.isArray(value)) {
    const items = value.map((item) => convert(field, item, resolve));
    if (LIST_FIELDS.has(field)) return items;
    if (items.length !== 1) throw new Error(`renderKubernetesObjects: ${field} is a single object but the block has ${items.length}`);
    return items[0];
  }
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    const map = isMap(field, value);
    for (const [key, inner] of Object.entries(value as TfBlock)) {
      const name = map ? key : apiName(key, inner);
      out[name] = convert(map ? `${field}.value` : name, inner, resolve);
    }
    return out;
  }
  return value;
}

/** The API field name of a provider key holding `value`. */
function apiName(key: string, value: unknown): string {
  return (Array.isArray(value) ? BLOCK_RENAMES[key] : undefined) ?? FIELD_RENAMES[key] ?? camel(key);
}

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}
