import { CronExpressionParser } from 'cron-parser';
import { dns1123LabelProblem, dns1123SubdomainProblem, portNameProblem } from '../../lib/workloads/kubernetes-names';
import { K8sObject, RenderedObject } from './render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

/** Namespaces that exist in every EKS cluster; objects may live there without creating them. */
const SYSTEM_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** Kinds whose names must be RFC 1123 labels rather than subdomains. */
const LABEL_NAMED_KINDS = new Set(['Namespace', 'Service']);

/** A rule the API server (or the controllers) enforce and an OpenAPI schema does not express. */
export type ApiServerRule = (objects: readonly RenderedObject[]) => string[];

const where = (o: K8sObject) => `${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;

/** The pod template of a workload object (a bare Pod is its own template), if it has one. */
export function podTemplateOf(o: K8sObject): { metadata?: { labels?: Record<string, string> }; spec: any } | undefined {
  const spec = o.spec as any;
  if (o.kind === 'Pod') return { metadata: o.metadata, spec };
  if (o.kind === 'CronJob') return spec?.jobTemplate?.spec?.template;
  if (['StatefulSet', 'DaemonSet', 'Deployment', 'ReplicaSet', 'Job'].includes(o.kind)) return spec?.template;
  return undefined;
}

function isSubset(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v);
}

/** spec.selector.matchLabels of a controller selects its own pod template. */
export const selectorMatchesTemplate: ApiServerRule = (objects) =>
  objects
    .map((r) => r.object)
    .filter((o) => ['StatefulSet', 'DaemonSet', 'Deployment'].includes(o.kind))
    .filter((o) => !isSubset((o.spec as any)?.selector?.matchLabels, podTemplateOf(o)?.metadata?.labels))
    .map((o) => `${where(o)}: spec.selector.matchLabels ${JSON.stringify((o.spec as any)?.selector?.matchLabels)} must select the template labels ${JSON.stringify(podTemplateOf(o)?.metadata?.labels)}`);

/** A StatefulSet's serviceName names a headless Service in its namespace that selects its pods. */
export const serviceNameIsHeadlessService: ApiServerRule = (objects) =>
  objects
    .map((r) => r.object)
    .filter((o) => o.kind === 'StatefulSet')
    .flatMap((o) => {
      const serviceName = (o.spec as any)?.serviceName;
      const service = objects.find(
        (r) => r.object.kind === 'Service' && r.object.metadata.name === serviceName && r.object.metadata.namespace === o.metadata.namespace,
      )?.object;
      if (!service) return [`${where(o)}: spec.serviceName ${JSON.stringify(serviceName)} must name a Service in namespace ${o.metadata.namespace}`];
      const problems: string[] = [];
      if ((service.spec as any)?.clusterIP !== 'None') problems.push(`${where(o)}: Service ${serviceName} must be headless (clusterIP: None)`);
      if (!isSubset((service.spec as any)?.selector, podTemplateOf(o)?.metadata?.labels)) {
        problems.push(`${where(o)}: Service ${serviceName} selector ${JSON.stringify((service.spec as any)?.selector)} must select the StatefulSet's pods`);
      }
      return problems;
    });

/** Every Secret/ConfigMap reference of a pod (env, envFrom, volumes) resolves to an object and key. */
export const referencesResolve: ApiServerRule = (objects) => {
  const find = (kind: string, namespace: string | undefined, name: string) =>
    objects.find((r) => r.object.kind === kind && r.object.metadata.name === name && r.object.metadata.namespace === namespace)?.object;
  const keysOf = (o: K8sObject) => Object.keys({ ...(o.data as object), ...(o.stringData as object) });
  return objects.flatMap(({ object: o }) => {
    const spec = podTemplateOf(o)?.spec;
    if (!spec) return [];
    const problems: string[] = [];
    const check = (kind: string, name: string, key: string | undefined, optional: boolean | undefined, via: string) => {
      if (optional) return;
      const target = find(kind, o.metadata.namespace, name);
      if (!target) problems.push(`${where(o)}: ${via} refers to ${kind} ${name}, which does not exist in namespace ${o.metadata.namespace}`);
      else if (key !== undefined && !keysOf(target).includes(key)) problems.push(`${where(o)}: ${via} refers to key ${key}, which ${kind} ${name} does not have`);
    };
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const e of c.env ?? []) {
        const s = e.valueFrom?.secretKeyRef;
        const m = e.valueFrom?.configMapKeyRef;
        if (s) check('Secret', s.name, s.key, s.optional, `container ${c.name} env ${e.name}`);
        if (m) check('ConfigMap', m.name, m.key, m.optional, `container ${c.name} env ${e.name}`);
      }
      for (const f of c.envFrom ?? []) {
        if (f.secretRef) check('Secret', f.secretRef.name, undefined, f.secretRef.optional, `container ${c.name} envFrom`);
        if (f.configMapRef) check('ConfigMap', f.configMapRef.name, undefined, f.configMapRef.optional, `container ${c.name} envFrom`);
      }
      for (const m of c.volumeMounts ?? []) {
        const declared = (spec.volumes ?? []).some((v: any) => v.name === m.name) || ((o.spec as any)?.volumeClaimTemplates ?? []).some((t: any) => t.metadata?.name === m.name);
        if (!declared) problems.push(`${where(o)}: container ${c.name} mounts volume ${m.name}, which the pod does not declare`);
      }
    }
    for (const v of spec.volumes ?? []) {
      if (v.secret) check('Secret', v.secret.secretName, undefined, v.secret.optional, `volume ${v.name}`);
      if (v.configMap) check('ConfigMap', v.configMap.name, undefined, v.configMap.optional, `volume ${v.name}`);
    }
    return problems;
  });
};

/** Object, container and volume names are RFC 1123; port names are IANA_SVC_NAMEs (<= 15 characters). */
export const namesAreValid: ApiServerRule = (objects) =>
  objects.flatMap(({ object: o }) => {
    const problems: string[] = [];
    const nameProblem = LABEL_NAMED_KINDS.has(o.kind) ? dns1123LabelProblem(o.metadata.name) : dns1123SubdomainProblem(o.metadata.name);
    if (nameProblem) problems.push(`${where(o)}: metadata.name ${nameProblem}`);
    const spec = podTemplateOf(o)?.spec;
    for (const c of [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])]) {
      const p = dns1123LabelProblem(c.name);
      if (p) problems.push(`${where(o)}: container name ${JSON.stringify(c.name)} ${p}`);
      for (const port of c.ports ?? []) {
        const pp = port.name === undefined ? undefined : portNameProblem(port.name);
        if (pp) problems.push(`${where(o)}: container ${c.name} port name ${JSON.stringify(port.name)} ${pp}`);
      }
    }
    for (const v of spec?.volumes ?? []) {
      const p = dns1123LabelProblem(v.name);
      if (p) problems.push(`${where(o)}: volume name ${JSON.stringify(v.name)} ${p}`);
    }
    if (o.kind === 'Service') {
      for (const port of (o.spec as any)?.ports ?? []) {
        const p = port.name === undefined ? undefined : dns1123LabelProblem(port.name);
        if (p) problems.push(`${where(o)}: port name ${JSON.stringify(port.name)} ${p}`);
        if (typeof port.targetPort === 'string' && portNameProblem(port.targetPort)) {
          problems.push(`${where(o)}: targetPort ${JSON.stringify(port.targetPort)} ${portNameProblem(port.targetPort)}`);
        }
      }
    }
    return problems;
  });

/** Jobs restart Never or OnFailure; long-running controllers restart Always. */
export const restartPoliciesFit: ApiServerRule = (objects) =>
  objects.flatMap(({ object: o }) => {
    const policy = podTemplateOf(o)?.spec?.restartPolicy;
    if (['Job', 'CronJob'].includes(o.kind) && !['Never', 'OnFailure'].includes(policy)) {
      return [`${where(o)}: restartPolicy ${JSON.stringify(policy)} must be Never or OnFailure for a ${o.kind}`];
    }
    if (['StatefulSet', 'DaemonSet', 'Deployment'].includes(o.kind) && policy !== undefined && policy !== 'Always') {
      return [`${where(o)}: restartPolicy ${JSON.stringify(policy)} must be Always for a ${o.kind}`];
    }
    return [];
  });

/** CronJob schedules have five valid fields. */
export const cronSchedulesAreValid: ApiServerRule = (objects) =>
  objects
    .map((r) => r.object)
    .filter((o) => o.kind === 'CronJob')
    .flatMap((o) => {
      const schedule = String((o.spec as any)?.schedule ?? '');
      if (schedule.trim().split(/\s+/).length !== 5) return [`${where(o)}: schedule ${JSON.stringify(schedule)} must have five fields`];
      try {
        CronExpressionParser.parse(schedule, { tz: (o.spec as any)?.timeZone ?? 'UTC' });
        return [];
      } catch (error) {
        return [`${where(o)}: schedule ${JSON.stringify(schedule)} is invalid: ${(error as Error).message}`];
      }
    });

/** Every namespaced object depends, in the Terraform graph, on the namespace resource it lives in. */
export const namespacedObjectsDependOnNamespace: ApiServerRule = (objects) =>
  objects.flatMap(({ object: o, dependencies }) => {
    const namespace = o.metadata.namespace;
    if (namespace === undefined) return [];
    const owner = objects.find((r) => r.object.kind === 'Namespace' && r.object.metadata.name === namespace);
    if (!owner) {
      return SYSTEM_NAMESPACES.has(namespace) ? [] : [`${where(o)}: namespace ${namespace} is neither created by the stack nor a system namespace`];
    }
    return dependencies.includes(owner.address) ? [] : [`${where(o)}: must depend on ${owner.address} (reference its metadata.name)`];
  });

/**
 * A NetworkPolicy's podSelector selects the pods of some workload in its namespace (a policy that
 * selects nothing is accepted and does nothing), and every ingress port is a port those pods declare.
 */
export const networkPoliciesSelectPods: ApiServerRule = (objects) =>
  objects
    .map((r) => r.object)
    .filter((o) => o.kind === 'NetworkPolicy')
    .flatMap((o) => {
      const spec = o.spec as any;
      const matchLabels: Record<string, string> = spec?.podSelector?.matchLabels ?? {};
      const selected = objects
        .map((r) => r.object)
        .filter((w) => w.metadata.namespace === o.metadata.namespace)
        .map((w) => podTemplateOf(w))
        .filter((t): t is NonNullable<typeof t> => t !== undefined)
        .filter((t) => Object.entries(matchLabels).every(([k, v]) => t.metadata?.labels?.[k] === v));
      if (selected.length === 0) return [`${where(o)}: spec.podSelector ${JSON.stringify(spec?.podSelector)} selects no pod in namespace ${o.metadata.namespace}`];
      const declared = selected.flatMap((t) => [...(t.spec?.containers ?? []), ...(t.spec?.initContainers ?? [])]).flatMap((c: any) => c.ports ?? []);
      return (spec?.ingress ?? [])
        .flatMap((rule: any) => rule.ports ?? [])
        .filter((p: any) => p.port !== undefined && !declared.some((d: any) => d.containerPort === p.port || d.name === p.port))
        .map((p: any) => `${where(o)}: ingress port ${JSON.stringify(p.port)} is not a port of the selected pods`);
    });

/** A pod's `serviceAccountName` names a ServiceAccount in its namespace (the API server refuses the pod otherwise). */
export const serviceAccountsExist: ApiServerRule = (objects) =>
  objects.flatMap(({ object: o }) => {
    const account = podTemplateOf(o)?.spec?.serviceAccountName;
    if (account === undefined || account === 'default') return [];
    const found = objects.some((r) => r.object.kind === 'ServiceAccount' && r.object.metadata.name === account && r.object.metadata.namespace === o.metadata.namespace);
    return found ? [] : [`${where(o)}: spec.serviceAccountName ${JSON.stringify(account)} must name a ServiceAccount in namespace ${o.metadata.namespace}`];
  });

/**
 * A Service with a selector selects the pods of some workload in its namespace (one that selects
 * nothing is accepted and has no endpoints), and every port's targetPort is a port those pods declare.
 */
export const servicesSelectPods: ApiServerRule = (objects) =>
  objects
    .map((r) => r.object)
    .filter((o) => o.kind === 'Service' && Object.keys((o.spec as any)?.selector ?? {}).length > 0)
    .flatMap((o) => {
      const selector: Record<string, string> = (o.spec as any).selector;
      const templates = objects
        .map((r) => r.object)
        .filter((w) => w.metadata.namespace === o.metadata.namespace)
        .map((w) => podTemplateOf(w))
        .filter((t): t is NonNullable<typeof t> => t !== undefined && isSubset(selector, t.metadata?.labels));
      if (templates.length === 0) return [`${where(o)}: spec.selector ${JSON.stringify(selector)} selects no pod in namespace ${o.metadata.namespace}`];
      const declared = templates.flatMap((t) => (t.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []));
      return ((o.spec as any).ports ?? [])
        .filter((p: any) => {
          const target = p.targetPort ?? p.port;
          return !declared.some((d: any) => d.containerPort === target || (d.name !== undefined && d.name === target));
        })
        .map((p: any) => `${where(o)}: port ${JSON.stringify(p.name ?? p.port)} targets ${JSON.stringify(p.targetPort ?? p.port)}, which is not a port of the selected pods`);
    });

/** A RoleBinding's Role exists in its namespace and its ServiceAccount subjects exist. */
export const roleBindingsResolve: ApiServerRule = (objects) =>
  objects
    .map((r) => r.object)
    .filter((o) => o.kind === 'RoleBinding')
    .flatMap((o) => {
      const problems: string[] = [];
      const ref = (o as any).roleRef ?? {};
      if (ref.apiGroup !== 'rbac.authorization.k8s.io' || !['Role', 'ClusterRole'].includes(ref.kind)) {
        problems.push(`${where(o)}: roleRef ${JSON.stringify(ref)} must be a Role or ClusterRole of apiGroup rbac.authorization.k8s.io`);
      } else if (ref.kind === 'Role' && !objects.some((r) => r.object.kind === 'Role' && r.object.metadata.name === ref.name && r.object.metadata.namespace === o.metadata.namespace)) {
        problems.push(`${where(o)}: roleRef names Role ${ref.name}, which does not exist in namespace ${o.metadata.namespace}`);
      }
      for (const subject of (o as any).subjects ?? []) {
        if (subject.kind !== 'ServiceAccount') continue;
        const namespace = subject.namespace ?? o.metadata.namespace;
        if (!objects.some((r) => r.object.kind === 'ServiceAccount' && r.object.metadata.name === subject.name && r.object.metadata.namespace === namespace)) {
          problems.push(`${where(o)}: subject ServiceAccount ${namespace}/${subject.name} does not exist`);
        }
      }
      return problems;
    });

/** Verbs the RBAC authorizer knows. @see https://kubernetes.io/docs/reference/access-authn-authz/authorization/#determine-the-request-verb */
const RBAC_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'escalate', 'impersonate', '*']);

/** Every rule of a Role names verbs the authorizer knows, API groups and resources (a Role cannot grant non-resource URLs). */
export const rbacRulesAreValid: ApiServerRule = (objects) =>
  objects
    .map((r) => r.object)
    .filter((o) => o.kind === 'Role')
    .flatMap((o) =>
      ((o as any).rules ?? []).flatMap((rule: any, i: number) => {
        const problems: string[] = [];
        const unknown = (rule.verbs ?? []).filter((v: string) => !RBAC_VERBS.has(v));
        if ((rule.verbs ?? []).length === 0 || unknown.length > 0) problems.push(`${where(o)}: rules[${i}].verbs ${JSON.stringify(rule.verbs)} must be verbs of ${[...RBAC_VERBS].join(', ')}`);
        if (rule.apiGroups === undefined || (rule.resources ?? []).length === 0) problems.push(`${where(o)}: rules[${i}] must name apiGroups and resources`);
        if (rule.nonResourceURLs) problems.push(`${where(o)}: rules[${i}].nonResourceURLs apply to ClusterRoles only`);
        return problems;
      }),
    );

/** All rules, by name. */
export const API_SERVER_RULES: Record<string, ApiServerRule> = {
  selectorMatchesTemplate,
  serviceNameIsHeadlessService,
  referencesResolve,
  namesAreValid,
  restartPoliciesFit,
  cronSchedulesAreValid,
  namespacedObjectsDependOnNamespace,
  networkPoliciesSelectPods,
  serviceAccountsExist,
  servicesSelectPods,
  roleBindingsResolve,
  rbacRulesAreValid,
};

/** Every problem every rule finds. */
export function apiServerProblems(objects: readonly RenderedObject[]): string[] {
  return Object.values(API_SERVER_RULES).flatMap((rule) => rule(objects));
}
