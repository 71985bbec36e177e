import { podTemplateOf } from './api-server-rules';
import { K8sObject, RenderedObject } from './render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

/** Where a client connects to: a Service by name (or one pod by its name under a headless Service), in a namespace, on a port. */
export interface ServiceAddress {
  /** Service name. */
  readonly service: string;
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Service port, or for a pod address the container port. */
  readonly port: number;
  /**
   * A pod's own DNS name, `<pod>.<service>.<namespace>.svc`: the hostname of a StatefulSet pod whose
   * governing (headless) Service is `service`. @default - none: the Service's name
   */
  readonly pod?: string;
}

/** A client's connection, resolved through the Service to its pods, and the NetworkPolicies' verdict. */
export interface Connection {
  /** `Kind namespace/name` of the client workload. */
  readonly from: string;
  /** The setting it came from (`ConfigMap key`), when read from one. */
  readonly via?: string;
  /** `service.namespace:port`. */
  readonly to: string;
  /** Whether traffic gets there: the Service exists, exposes the port, selects pods declaring the target, and no policy drops it. */
  readonly allowed: boolean;
  /** Why not (or what admits it). */
  readonly reason: string;
}

const DEFAULT_PORTS: Record<string, number> = { http: 80, https: 443, redis: 6379 };

/**
 * The Service a client setting names: `http://svc.ns.svc:80`, `redis://svc:6379`, `svc:3306`,
 * `svc.ns`, `svc.ns.svc.cluster.local`; a bare Service name is in the client's namespace. A pod of a
 * headless Service is named with the `svc` suffix: `pod.svc.ns.svc:3306`. Undefined when `text` is
 * not such an address.
 */
export function parseServiceAddress(text: string, clientNamespace: string): ServiceAddress | undefined {
  const match = /^(?:([a-z][a-z0-9+.-]*):\/\/)?([a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)(?::(\d+))?(?:\/.*)?$/.exec(text);
  if (!match) return undefined;
  const [, scheme, host, , , port] = match;
  if (!scheme && !port) return undefined;
  const withSvc = /\.svc(\.cluster\.local)?$/.test(host);
  const labels = host.replace(/\.svc(\.cluster\.local)?$/, '').split('.');
  if (labels.length > 3 || (labels.length === 3 && !withSvc)) return undefined;
  const number = port ? Number(port) : DEFAULT_PORTS[scheme ?? ''];
  if (number === undefined) return undefined;
  if (labels.length === 3) return { pod: labels[0], service: labels[1], namespace: labels[2], port: number };
  return { service: labels[0], namespace: labels[1] ?? clientNamespace, port: number };
}

const matchesSelector = (selector: any, labels: Record<string, string> = {}): boolean => {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e: any) => {
    const has = e.key in labels;
    if (e.operator === 'In') return has && e.values.includes(labels[e.key]);
    if (e.operator === 'NotIn') return !has || !e.values.includes(labels[e.key]);
    if (e.operator === 'Exists') return has;
    if (e.operator === 'DoesNotExist') return !has;
    return false;
  });
  return byLabels && byExpressions;
};

interface Pod {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly ports: ReadonlyArray<{ containerPort: number; name?: string }>;
}

function podOf(o: K8sObject): Pod | undefined {
  const template = podTemplateOf(o);
  if (!template) return undefined;
  return {
    namespace: o.metadata.namespace ?? 'default',
    labels: template.metadata?.labels ?? {},
    ports: (template.spec?.containers ?? []).flatMap((c: any) => c.ports ?? []),
  };
}

/** Whether the policies of `objects` let `from` reach `to` on the container port (Ingress of `to`, Egress of `from`). */
function policyVerdict(objects: readonly RenderedObject[], from: Pod, to: Pod, port: { containerPort: number; name?: string }): string | undefined {
  const namespaceLabels = (name: string) =>
    ({ 'kubernetes.io/metadata.name': name, ...(objects.find((r) => r.object.kind === 'Namespace' && r.object.metadata.name === name)?.object.metadata.labels ?? {}) });
  const peerMatches = (peer: any, policyNamespace: string, pod: Pod) => {
    if (peer.ipBlock) return false; // pod traffic is matched by pod and namespace selectors
    const namespaceOk = peer.namespaceSelector ? matchesSelector(peer.namespaceSelector, namespaceLabels(pod.namespace)) : pod.namespace === policyNamespace;
    const podOk = peer.podSelector ? matchesSelector(peer.podSelector, pod.labels) : true;
    return namespaceOk && podOk;
  };
  const portMatches = (ports: any[] | undefined) =>
    !ports || ports.length === 0 || ports.some((p) => p.port === undefined || p.port === port.containerPort || (port.name !== undefined && p.port === port.name));
  const policies = (type: 'Ingress' | 'Egress', pod: Pod) =>
    objects
      .map((r) => r.object)
      .filter((o) => o.kind === 'NetworkPolicy' && (o.metadata.namespace ?? 'default') === pod.namespace)
      .filter((o) => ((o.spec as any)?.policyTypes ?? ['Ingress']).includes(type) && matchesSelector((o.spec as any)?.podSelector, pod.labels));

  const ingress = policies('Ingress', to);
  if (ingress.length > 0) {
    const admitted = ingress.some((p) =>
      ((p.spec as any).ingress ?? []).some((rule: any) => (!rule.from || rule.from.some((peer: any) => peerMatches(peer, to.namespace, from))) && portMatches(rule.ports)),
    );
    if (!admitted) return `NetworkPolicy ${ingress.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')} admits no traffic from namespace ${from.namespace}`;
  }
  const egress = policies('Egress', from);
  if (egress.length > 0) {
    const allowed = egress.some((p) =>
      ((p.spec as any).egress ?? []).some((rule: any) => (!rule.to || rule.to.some((peer: any) => peerMatches(peer, from.namespace, to))) && portMatches(rule.ports)),
    );
    if (!allowed) return `egress NetworkPolicy ${egress.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')} lets no traffic out to namespace ${to.namespace}`;
  }
  return undefined;
}

/** Whether a pod of `client` can connect to `address`, through its Service, past every NetworkPolicy. */
export function connect(objects: readonly RenderedObject[], client: K8sObject, address: ServiceAddress, via?: string): Connection {
  const from = `${client.kind} ${client.metadata.namespace ?? 'default'}/${client.metadata.name}`;
  const to = `${address.pod ? `${address.pod}.` : ''}${address.service}.${address.namespace}:${address.port}`;
  const result = (allowed: boolean, reason: string): Connection => ({ from, ...(via ? { via } : {}), to, allowed, reason });
  const source = podOf(client);
  if (!source) return result(false, `${from} runs no pods`);
  const service = objects.find((r) => r.object.kind === 'Service' && r.object.metadata.name === address.service && r.object.metadata.namespace === address.namespace)?.object;
  if (!service) return result(false, `no Service ${address.service} in namespace ${address.namespace}`);
  if (address.pod) return connectToPod(objects, source, service, address, result);
  const servicePort = ((service.spec as any).ports ?? []).find((p: any) => p.port === address.port);
  if (!servicePort) return result(false, `Service ${address.namespace}/${address.service} has no port ${address.port}`);
  const target = servicePort.targetPort ?? servicePort.port;
  const selector = (service.spec as any).selector ?? {};
  const backends = objects
    .map((r) => podOf(r.object))
    .filter((p): p is Pod => p !== undefined && p.namespace === address.namespace && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => p.labels[k] === v));
  if (backends.length === 0) return result(false, `Service ${address.namespace}/${address.service} selects no pods`);
  const reasons: string[] = [];
  for (const backend of backends) {
    const port = backend.ports.find((p) => p.containerPort === target || (p.name !== undefined && p.name === target));
    if (!port) {
      reasons.push(`the pods of Service ${address.namespace}/${address.service} declare no port ${JSON.stringify(target)}`);
      continue;
    }
    const blocked = policyVerdict(objects, source, backend, port);
    if (!blocked) return result(true, `Service ${address.namespace}/${address.service} -> container port ${port.containerPort}`);
    reasons.push(blocked);
  }
  return result(false, reasons.join('; '));
}

/**
 * A pod's own DNS name resolves (to the pod, while it is ready) when a StatefulSet in the namespace
 * is governed by the Service (`spec.serviceName`), has that pod (`<set>-<ordinal>`, ordinal below its
 * replicas), and the Service is headless and selects its pods. The client connects to the container
 * port directly.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#stable-network-id
 */
function connectToPod(
  objects: readonly RenderedObject[],
  source: Pod,
  service: K8sObject,
  address: ServiceAddress,
  result: (allowed: boolean, reason: string) => Connection,
): Connection {
  const where = `${address.namespace}/${address.service}`;
  if ((service.spec as any).clusterIP !== 'None') return result(false, `Service ${where} is not headless: pods get no DNS names of their own under it`);
  const set = objects
    .map((r) => r.object)
    .find((o) => {
      if (o.kind !== 'StatefulSet' || o.metadata.namespace !== address.namespace || (o.spec as any).serviceName !== address.service) return false;
      const ordinal = address.pod!.startsWith(`${o.metadata.name}-`) ? address.pod!.slice(o.metadata.name.length + 1) : '';
      return /^\d+$/.test(ordinal) && Number(ordinal) < Number((o.spec as any).replicas ?? 1);
    });
  if (!set) return result(false, `no pod ${address.pod} of a StatefulSet governed by Service ${where}`);
  const backend = podOf(set)!;
  const selector = (service.spec as any).selector ?? {};
  if (Object.keys(selector).length === 0 || !Object.entries(selector).every(([k, v]) => backend.labels[k] === v)) {
    return result(false, `Service ${where} does not select the pods of StatefulSet ${address.namespace}/${set.metadata.name}: no DNS name for ${address.pod}`);
  }
  const port = backend.ports.find((p) => p.containerPort === address.port);
  if (!port) return result(false, `pod ${address.pod} declares no container port ${address.port}`);
  const blocked = policyVerdict(objects, source, backend, port);
  return blocked ? result(false, blocked) : result(true, `pod ${address.pod} of StatefulSet ${address.namespace}/${set.metadata.name} -> container port ${port.containerPort}`);
}

/** Every Service address a workload's pods read from the ConfigMaps they take their environment from, resolved. */
export function configuredConnections(objects: readonly RenderedObject[], client: K8sObject): Connection[] {
  const namespace = client.metadata.namespace ?? 'default';
  const containers: any[] = podTemplateOf(client)?.spec?.containers ?? [];
  const names = containers.flatMap((c) => (c.envFrom ?? []).map((f: any) => f.configMapRef?.name)).filter(Boolean);
  return names.flatMap((name: string) => {
    const data = (objects.find((r) => r.object.kind === 'ConfigMap' && r.object.metadata.name === name && r.object.metadata.namespace === namespace)?.object.data ?? {}) as Record<string, string>;
    return Object.entries(data).flatMap(([key, value]) => {
      const address = parseServiceAddress(value, namespace);
      return address ? [connect(objects, client, address, `ConfigMap ${name} ${key}`)] : [];
    });
  });
}
