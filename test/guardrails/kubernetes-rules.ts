import { imagePinProblem } from '../../lib/workloads/kubernetes-names';
import { podTemplateOf } from '../support/api-server-rules';
import { StackJson } from '../support/fixtures';
import { RenderedObject, renderKubernetesObjects } from '../support/render-k8s';
import { GuardrailRule, Report, perStack, resourcesOfTypes } from './guardrail';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

/** The Kubernetes objects of a stack (none when it has no kubernetes resources). */
function objectsOf(stack: StackJson): RenderedObject[] {
  return Object.keys(stack.resource ?? {}).some((type) => type.startsWith('kubernetes_')) ? renderKubernetesObjects(stack) : [];
}

const describeObject = (r: RenderedObject) => `${r.address} (${r.object.kind} ${r.object.metadata.namespace ? `${r.object.metadata.namespace}/` : ''}${r.object.metadata.name})`;

/** Every container of a pod spec, init containers included, with the list it is in. */
function containersOf(spec: any): Array<{ list: string; container: any }> {
  return (['initContainers', 'containers', 'ephemeralContainers'] as const).flatMap((list) => (spec?.[list] ?? []).map((container: any) => ({ list, container })));
}

function checkPods(stack: StackJson, report: Report): void {
  for (const rendered of objectsOf(stack)) {
    const spec = podTemplateOf(rendered.object)?.spec;
    if (!spec) continue;
    const at = describeObject(rendered);
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (spec[field] === true) report('error', at, `pod sets ${field}: true`);
    }
    const hostPathVolumes = new Set((spec.volumes ?? []).filter((v: any) => v.hostPath).map((v: any) => v.name));
    for (const { list, container } of containersOf(spec)) {
      const where = `${list === 'containers' ? 'container' : list.replace(/s$/, '')} ${container.name}`;
      const security = container.securityContext ?? {};
      if (security.privileged === true) report('error', at, `${where} is privileged`);
      if (security.allowPrivilegeEscalation !== false) {
        report('error', at, `${where} does not set securityContext.allowPrivilegeEscalation: false (is ${JSON.stringify(security.allowPrivilegeEscalation)})`);
      }
      for (const kind of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory'] as const) {
          if (container.resources?.[kind]?.[resource] === undefined) report('error', at, `${where} has no ${resource} ${kind.replace(/s$/, '')}`);
        }
      }
      const imageProblem = typeof container.image === 'string' ? imagePinProblem(container.image) : 'must be set';
      if (imageProblem) report('error', at, `${where} image ${JSON.stringify(container.image)} ${imageProblem}`);
      for (const mount of container.volumeMounts ?? []) {
        if (hostPathVolumes.has(mount.name) && mount.readOnly !== true) report('error', at, `${where} mounts hostPath volume ${mount.name} writable; set readOnly: true`);
      }
    }
  }
}

/**
 * Every pod template (StatefulSet, DaemonSet, Job, CronJob, Deployment, Pod, and the same kinds in
 * a `kubernetes_manifest`): no privileged container, no host network/PID/IPC namespace, hostPath
 * volumes mounted read-only, `allowPrivilegeEscalation: false`, CPU and memory requests and limits
 * on every container (init containers too), and images pinned to a tag or digest, never `latest`.
 *
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
export const podSecurity: GuardrailRule = {
  id: 'pod-security',
  description: 'Pods: not privileged, no host namespaces, read-only hostPath, no privilege escalation, requests and limits, pinned images',
  check: (stacks) => perStack('pod-security', stacks, checkPods),
};

/** Service types that open a port on every node or create an AWS load balancer. */
const EXPOSING_SERVICE_TYPES = new Set(['LoadBalancer', 'NodePort']);

/** Kinds that make a controller create an AWS load balancer. */
const LOAD_BALANCER_KINDS = new Set(['Ingress', 'Gateway']);

/**
 * Nothing in the cluster creates AWS load balancers (or node ports) outside Terraform: no Service of
 * type LoadBalancer or NodePort, no Ingress or Gateway. A load balancer created by a controller is
 * not in the Terraform state, costs money, and keeps `cdktf destroy` from deleting the VPC.
 */
export const noLoadBalancers: GuardrailRule = {
  id: 'no-load-balancers',
  description: 'No Service of type LoadBalancer or NodePort, no Ingress or Gateway (load balancers outside Terraform)',
  check: (stacks) =>
    perStack('no-load-balancers', stacks, (stack, report) => {
      for (const r of resourcesOfTypes(stack, 'kubernetes_service_v1', 'kubernetes_service')) {
        const spec = Array.isArray(r.block.spec) ? r.block.spec[0] : r.block.spec;
        if (EXPOSING_SERVICE_TYPES.has(spec?.type)) report('error', r.address, `Service ${r.block.metadata?.name} is of type ${spec.type}`);
      }
      for (const r of resourcesOfTypes(stack, 'kubernetes_ingress_v1', 'kubernetes_ingress')) {
        report('error', r.address, `Ingress ${r.block.metadata?.name}: an ingress controller would create a load balancer outside Terraform`);
      }
      for (const r of resourcesOfTypes(stack, 'kubernetes_manifest')) {
        const manifest = r.block.manifest ?? {};
        if (manifest.kind === 'Service' && EXPOSING_SERVICE_TYPES.has(manifest.spec?.type)) report('error', r.address, `Service ${manifest.metadata?.name} is of type ${manifest.spec.type}`);
        if (LOAD_BALANCER_KINDS.has(manifest.kind)) report('error', r.address, `${manifest.kind} ${manifest.metadata?.name}: a controller would create a load balancer outside Terraform`);
      }
    }),
};

/** Whether a LabelSelector (matchLabels and matchExpressions) selects a set of labels. */
function selects(selector: any, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels;
    switch (e.operator) {
      case 'In':
        return has && (e.values ?? []).includes(labels[e.key]);
      case 'NotIn':
        return !has || !(e.values ?? []).includes(labels[e.key]);
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      default:
        return false;
    }
  });
  return byLabels && byExpressions;
}

/** A database of the stack: a StatefulSet, the Services and Secrets its clients would use. */
interface Database {
  readonly rendered: RenderedObject;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ports: ReadonlyArray<{ containerPort: number; name?: string }>;
  readonly services: readonly string[];
  readonly secrets: readonly string[];
}

/** Label the workshop puts on its data stores (the StatefulSets and `carts-dynamodb`). */
const DATABASE_TEAM_LABEL = 'app.kubernetes.io/team';

/** Whether a workload is a data store: every StatefulSet, and any workload whose pods are labelled team=database. */
function isDatabase(r: RenderedObject): boolean {
  return r.object.kind === 'StatefulSet' || podTemplateOf(r.object)?.metadata?.labels?.[DATABASE_TEAM_LABEL] === 'database';
}

/** The lab's data stores: its StatefulSets and the workloads whose pods carry `app.kubernetes.io/team: database`. */
function databasesOf(objects: readonly RenderedObject[]): Database[] {
  return objects
    .filter((r) => isDatabase(r) && r.object.kind !== 'Pod')
    .map((rendered) => {
      const template = podTemplateOf(rendered.object)!;
      const namespace = rendered.object.metadata.namespace ?? 'default';
      const labels = template.metadata?.labels ?? {};
      const containers = containersOf(template.spec).map((c) => c.container);
      return {
        rendered,
        namespace,
        labels,
        ports: containers.flatMap((c) => c.ports ?? []),
        services: objects
          .map((r) => r.object)
          .filter((o) => o.kind === 'Service' && (o.metadata.namespace ?? 'default') === namespace)
          .filter((o) => Object.keys((o.spec as any)?.selector ?? {}).length > 0 && Object.entries((o.spec as any).selector).every(([k, v]) => labels[k] === v))
          .map((o) => o.metadata.name),
        secrets: secretsUsedBy(template.spec),
      };
    });
}

/** Names of the Secrets a pod spec reads (env, envFrom, volumes). */
function secretsUsedBy(spec: any): string[] {
  const names = containersOf(spec).flatMap(({ container }) => [
    ...(container.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name),
    ...(container.envFrom ?? []).map((e: any) => e.secretRef?.name),
  ]);
  names.push(...(spec?.volumes ?? []).map((v: any) => v.secret?.secretName));
  return names.filter((n): n is string => typeof n === 'string');
}

function checkIngressPolicies(db: Database, objects: readonly RenderedObject[], report: Report): void {
  const at = describeObject(db.rendered);
  const policies = objects.filter(
    (r) =>
      r.object.kind === 'NetworkPolicy' &&
      (r.object.metadata.namespace ?? 'default') === db.namespace &&
      ((r.object.spec as any)?.policyTypes ?? ['Ingress']).includes('Ingress') &&
      selects((r.object.spec as any)?.podSelector, db.labels),
  );
  if (policies.length === 0) {
    report('error', at, `no NetworkPolicy with policyTypes Ingress selects the database's pods in namespace ${db.namespace}: any pod of any namespace can connect`);
    return;
  }
  // Policies add up: every rule of every policy that selects the pods must be as narrow.
  for (const policy of policies) {
    const where = describeObject(policy);
    ((policy.object.spec as any)?.ingress ?? []).forEach((rule: any, i: number) => {
      const from: any[] = rule.from ?? [];
      if (from.length === 0) report('error', where, `ingress[${i}] has no from: it admits every source, not only pods of namespace ${db.namespace}`);
      from.forEach((peer, j) => {
        if (peer.namespaceSelector) report('error', where, `ingress[${i}].from[${j}] has a namespaceSelector: it admits pods of other namespaces`);
        if (peer.ipBlock) report('error', where, `ingress[${i}].from[${j}] has an ipBlock: it admits addresses outside the namespace`);
        if (!peer.podSelector && !peer.namespaceSelector && !peer.ipBlock) report('error', where, `ingress[${i}].from[${j}] is empty`);
      });
      const ports: any[] = rule.ports ?? [];
      if (ports.length === 0) report('error', where, `ingress[${i}] has no ports: it admits every port, not only the database port`);
      for (const port of ports) {
        const matches = db.ports.some((p) => p.containerPort === port.port || (p.name !== undefined && p.name === port.port));
        if (!matches) report('error', where, `ingress[${i}] admits port ${JSON.stringify(port.port)}, which is not a port of ${db.rendered.object.metadata.name}`);
      }
    });
  }
}

const token = (name: string) => new RegExp(`(^|[^a-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9-]|$)`);

/** Values of the ConfigMaps of `namespace` a container reads (envFrom and configMapKeyRef). */
function configMapValues(container: any, namespace: string, objects: readonly RenderedObject[]): string[] {
  const data = (name: string) =>
    (objects.find((r) => r.object.kind === 'ConfigMap' && r.object.metadata.name === name && (r.object.metadata.namespace ?? 'default') === namespace)?.object.data ?? {}) as Record<string, unknown>;
  const values = [
    ...(container.envFrom ?? []).filter((f: any) => f.configMapRef).flatMap((f: any) => Object.values(data(f.configMapRef.name))),
    ...(container.env ?? []).map((e: any) => e.valueFrom?.configMapKeyRef).filter(Boolean).map((ref: any) => data(ref.name)[ref.key]),
  ];
  return values.filter((v): v is string => typeof v === 'string');
}

/**
 * What in a pod spec points at a database: Service host names and `:<port>` in its command, args,
 * env values and the ConfigMaps it reads as environment, and the database's Secrets.
 */
function databaseReferences(spec: any, namespace: string, db: Database, objects: readonly RenderedObject[]): string[] {
  const found: string[] = [];
  for (const { container } of containersOf(spec)) {
    const texts: string[] = [
      ...(container.command ?? []),
      ...(container.args ?? []),
      ...(container.env ?? []).map((e: any) => e.value).filter((v: unknown) => typeof v === 'string'),
      ...configMapValues(container, namespace, objects),
    ];
    for (const text of texts) {
      for (const service of db.services) if (token(service).test(text)) found.push(`container ${container.name} names Service ${service}`);
      for (const port of db.ports) if (text === String(port.containerPort) || text.includes(`:${port.containerPort}`)) found.push(`container ${container.name} uses port ${port.containerPort}`);
    }
  }
  if (namespace === db.namespace) {
    for (const secret of secretsUsedBy(spec).filter((s) => db.secrets.includes(s))) found.push(`reads Secret ${secret}`);
  }
  return [...new Set(found)];
}

/** Kinds that must not be database clients at all: node agents and batch work. */
const NO_DATABASE_KINDS = new Set(['Job', 'CronJob', 'DaemonSet']);

function checkDatabases(stack: StackJson, report: Report): void {
  const objects = objectsOf(stack);
  const databases = databasesOf(objects);
  for (const db of databases) checkIngressPolicies(db, objects, report);
  for (const rendered of objects.filter((r) => !isDatabase(r))) {
    const spec = podTemplateOf(rendered.object)?.spec;
    if (!spec) continue;
    const namespace = rendered.object.metadata.namespace ?? 'default';
    for (const db of databases) {
      const refs = databaseReferences(spec, namespace, db, objects);
      if (refs.length === 0) continue;
      const name = `${db.namespace}/${db.rendered.object.metadata.name}`;
      if (NO_DATABASE_KINDS.has(rendered.object.kind)) {
        report('error', describeObject(rendered), `a ${rendered.object.kind} must need no database access, but it ${refs.join(', ')} of database ${name}`);
      } else if (namespace !== db.namespace) {
        report('error', describeObject(rendered), `connects to database ${name} from namespace ${namespace} (${refs.join(', ')}), which its NetworkPolicy blocks`);
      }
    }
  }
}

/**
 * Each database (every StatefulSet, and every workload whose pods carry `app.kubernetes.io/team:
 * database`, such as `carts-dynamodb`) is selected by a NetworkPolicy of its namespace whose ingress
 * admits only pods of that namespace (podSelector peers; no namespaceSelector, no ipBlock) on the
 * database's ports. The Job, CronJob and DaemonSet need no database access: their containers name no
 * database Service or port (in command, args, env or the ConfigMaps they read as environment) and
 * read no database Secret; other workloads reach a database only from its namespace (anything else
 * the policy would silently block).
 *
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */
export const databaseIngressIsolated: GuardrailRule = {
  id: 'database-ingress-isolated',
  description: 'Each database has a NetworkPolicy admitting only same-namespace pods on its port; Job, CronJob and DaemonSet use no database',
  check: (stacks) => perStack('database-ingress-isolated', stacks, checkDatabases),
};

/** Verbs that only read. */
const READ_ONLY_VERBS = new Set(['get', 'list', 'watch']);

/** Kinds that grant or bind cluster-wide permissions. */
const CLUSTER_RBAC_KINDS = new Set(['ClusterRole', 'ClusterRoleBinding']);

/**
 * RBAC the workloads create is least privilege: no ClusterRole or ClusterRoleBinding, and every Role
 * rule only reads (get, list, watch) named objects (`resourceNames`) of named resources, never
 * Secrets, with no wildcard. A workload that needs the API (the DaemonSet rollout wait) gets exactly
 * that and nothing else; the RoleBinding of such a Role binds ServiceAccounts only.
 *
 * @see https://kubernetes.io/docs/concepts/security/rbac-good-practices/
 */
export const kubernetesRbacLeastPrivilege: GuardrailRule = {
  id: 'kubernetes-rbac-least-privilege',
  description: 'Roles only get/list/watch named non-Secret objects without wildcards; no ClusterRole(Binding); bindings name ServiceAccounts',
  check: (stacks) =>
    perStack('kubernetes-rbac-least-privilege', stacks, (stack, report) => {
      const objects = objectsOf(stack);
      for (const r of objects) {
        const o = r.object as any;
        const at = describeObject(r);
        if (CLUSTER_RBAC_KINDS.has(o.kind)) report('error', at, `a ${o.kind} grants cluster-wide access; use a Role and RoleBinding in the namespace`);
        if (o.kind === 'Role') {
          (o.rules ?? []).forEach((rule: any, i: number) => {
            const verbs: string[] = rule.verbs ?? [];
            const writes = verbs.filter((v) => !READ_ONLY_VERBS.has(v));
            if (writes.length > 0) report('error', at, `rules[${i}] allows ${writes.join(', ')}: only get, list and watch`);
            const wildcards = ['apiGroups', 'resources', 'resourceNames'].filter((f) => (rule[f] ?? []).includes('*'));
            if (wildcards.length > 0) report('error', at, `rules[${i}] has a wildcard in ${wildcards.join(', ')}`);
            if ((rule.resources ?? []).some((res: string) => res === 'secrets' || res.startsWith('secrets/'))) report('error', at, `rules[${i}] reads Secrets`);
            if ((rule.resourceNames ?? []).length === 0) report('error', at, `rules[${i}] has no resourceNames: it reads every object of ${JSON.stringify(rule.resources)} in the namespace`);
          });
        }
        if (o.kind === 'RoleBinding') {
          for (const subject of o.subjects ?? []) {
            if (subject.kind !== 'ServiceAccount') report('error', at, `binds ${subject.kind} ${subject.name}: the workloads bind their own ServiceAccounts only`);
          }
        }
      }
    }),
};
