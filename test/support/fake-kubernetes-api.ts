import { createServer, Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { eksTokenProblem, TestCredentials } from './eks-token-verifier';
import type { TestCertificates } from './test-certificates';

/** An API object as the API server stores it: apiVersion, kind, metadata and whatever else. */
export interface ApiObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name?: string; readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  readonly [field: string]: unknown;
}

/** How a fake cluster behaves. */
export interface FakeClusterOptions {
  /** The EKS cluster name: tokens must be signed for it. */
  readonly clusterName: string;
  /** What the cluster holds. */
  readonly objects: readonly ApiObject[];
  /** The credentials tokens must be signed with (what STS would check). */
  readonly credentials: TestCredentials;
  /** The server's certificate and key. */
  readonly certificates: TestCertificates;
  /** The time tokens are checked against. @default - now */
  readonly now?: Date;
  /** Delay before each answer. @default 0 */
  readonly latencyMs?: number;
  /** Accept connections but never answer (a black-holed endpoint). @default false */
  readonly hang?: boolean;
  /** Answer every request with 403, as for a caller without an access entry. @default false */
  readonly forbidden?: boolean;
  /** Counts the clusters being asked at once, across fake clusters. @default - not counted */
  readonly tracker?: ClusterConcurrency;
}

/** How many fake clusters have a request open at once (the clients' bound on clusters in flight). */
export class ClusterConcurrency {
  private readonly open = new Map<string, number>();
  /** The most clusters with an open request at one moment. */
  public max = 0;

  /** A request to `cluster` arrived. */
  public start(cluster: string): void {
    this.open.set(cluster, (this.open.get(cluster) ?? 0) + 1);
    this.max = Math.max(this.max, this.open.size);
  }

  /** A request to `cluster` was answered. */
  public end(cluster: string): void {
    const left = (this.open.get(cluster) ?? 1) - 1;
    if (left === 0) this.open.delete(cluster);
    else this.open.set(cluster, left);
  }
}

/** A running fake cluster. */
export interface FakeCluster {
  /** `https://127.0.0.1:<port>`, as DescribeCluster's endpoint. */
  readonly endpoint: string;
  /** Requests answered so far, by path (with query). */
  readonly requests: string[];
  /** Stops it. */
  close(): Promise<void>;
}

/** Path segment of each kind, the group/version it is served under and whether it is namespaced. */
const RESOURCES: Record<string, { readonly kind: string; readonly groupVersion: string; readonly namespaced: boolean }> = {
  nodes: { kind: 'Node', groupVersion: 'v1', namespaced: false },
  pods: { kind: 'Pod', groupVersion: 'v1', namespaced: true },
  persistentvolumeclaims: { kind: 'PersistentVolumeClaim', groupVersion: 'v1', namespaced: true },
  statefulsets: { kind: 'StatefulSet', groupVersion: 'apps/v1', namespaced: true },
  daemonsets: { kind: 'DaemonSet', groupVersion: 'apps/v1', namespaced: true },
  deployments: { kind: 'Deployment', groupVersion: 'apps/v1', namespaced: true },
  jobs: { kind: 'Job', groupVersion: 'batch/v1', namespaced: true },
  cronjobs: { kind: 'CronJob', groupVersion: 'batch/v1', namespaced: true },
};

/**
 * A local HTTPS server that answers the read-only GETs of the Kubernetes API as an EKS API server
 * does: a bearer token checked as the EKS authenticator and STS would (see eksTokenProblem; 401 Status
 * otherwise), `GET /api/v1/...` and `/apis/<group>/<version>/...` for objects by name (404 Status when
 * absent) and lists (`<Kind>List` with `metadata.resourceVersion`, items without kind and apiVersion,
 * in namespace/name order as etcd returns them, filtered by an equality `labelSelector`).
 */
export async function startFakeCluster(options: FakeClusterOptions): Promise<FakeCluster> {
  const requests: string[] = [];
  const server: Server = createServer({ cert: options.certificates.certPem, key: options.certificates.keyPem }, (req, res) => {
    options.tracker?.start(options.clusterName);
    const send = (code: number, body: unknown) => {
      const reply = () => {
        options.tracker?.end(options.clusterName);
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (options.latencyMs) setTimeout(reply, options.latencyMs);
      else reply();
    };
    if (options.hang) {
      options.tracker?.end(options.clusterName); // never answers; not counted as asked
      return;
    }
    const url = new URL(req.url ?? '/', 'https://fake');
    requests.push(`${url.pathname}${url.search}`);
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    const problem = eksTokenProblem(token, options.clusterName, options.credentials, options.now);
    if (problem !== undefined) return send(401, status(401, 'Unauthorized', 'Unauthorized'));
    if (options.forbidden) {
      return send(403, status(403, 'Forbidden', `${url.pathname} is forbidden: User "arn:aws:sts::123456789012:assumed-role/Other/x" cannot list resource`));
    }
    if (req.method !== 'GET') return send(405, status(405, 'MethodNotAllowed', 'the server does not allow this method'));
    const route = parsePath(url.pathname);
    if (route === undefined) return send(404, status(404, 'NotFound', 'the server could not find the requested resource'));
    const matches = options.objects.filter(
      (o) =>
        o.kind === route.resource.kind &&
        o.apiVersion === route.resource.groupVersion &&
        (route.namespace === undefined || o.metadata.namespace === route.namespace),
    );
    if (route.name !== undefined) {
      const found = matches.find((o) => o.metadata.name === route.name);
      if (found === undefined) {
        return send(404, status(404, 'NotFound', `${route.plural}${route.resource.groupVersion.includes('/') ? `.${route.resource.groupVersion.split('/')[0]}` : ''} "${route.name}" not found`));
      }
      return send(200, found);
    }
    const selector = Object.entries(
      Object.fromEntries((url.searchParams.get('labelSelector') ?? '').split(',').filter(Boolean).map((pair) => pair.split('=') as [string, string])),
    );
    const items = matches
      .filter((o) => selector.every(([key, value]) => o.metadata.labels?.[key] === value))
      .sort((a, b) => `${a.metadata.namespace ?? ''}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace ?? ''}/${b.metadata.name}`))
      // List items carry no kind and apiVersion: the list's own say what they are.
      .map((o) => Object.fromEntries(Object.entries(o).filter(([key]) => key !== 'kind' && key !== 'apiVersion')));
    return send(200, { kind: `${route.resource.kind}List`, apiVersion: route.resource.groupVersion, metadata: { resourceVersion: '48213' }, items });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function status(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
}

function parsePath(pathname: string) {
  const m = /^\/(?:api\/v1|apis\/([a-z.]+)\/(v1))(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/.exec(pathname);
  if (m === null) return undefined;
  const [, group, version, namespace, plural, name] = m;
  const resource = RESOURCES[plural];
  const groupVersion = group === undefined ? 'v1' : `${group}/${version}`;
  if (resource === undefined || resource.groupVersion !== groupVersion) return undefined;
  if (!resource.namespaced && namespace !== undefined) return undefined;
  return { resource, plural, namespace: namespace === undefined ? undefined : decodeURIComponent(namespace), name: name === undefined ? undefined : decodeURIComponent(name) };
}
