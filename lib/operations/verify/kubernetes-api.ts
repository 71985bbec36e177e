import { Agent, request } from 'node:https';
import { errorParts } from '../aws-call-error';

/** Why a Kubernetes API request failed, as far as the fix is concerned. */
export enum KubernetesFailureKind {
  /** 401: the API server rejected the token (expired, signed for another cluster, clock skew). */
  UNAUTHORIZED = 'unauthorized',
  /** 403: authenticated, but the identity may not read it (no access entry or policy on this cluster). */
  FORBIDDEN = 'forbidden',
  /** 404: no such object. */
  NOT_FOUND = 'not-found',
  /** No answer: connection refused or reset, DNS, a timeout. */
  UNREACHABLE = 'unreachable',
  /** The server's certificate is not the cluster's (not signed by its CA). */
  TLS = 'tls',
  /** Anything else (a 5xx, a body that is not JSON). */
  OTHER = 'other',
}

/** Thrown by {@link KubernetesApi.get}: `kind` says what to do, `message` what happened. */
export class KubernetesApiError extends Error {
  /** What kind of failure. */
  public readonly kind: KubernetesFailureKind;
  /** The HTTP status, when the server answered. @default - none */
  public readonly status?: number;
  /** The request path. */
  public readonly path: string;

  constructor(kind: KubernetesFailureKind, path: string, message: string, status?: number) {
    super(`GET ${path}: ${message}`);
    this.name = 'KubernetesApiError';
    this.kind = kind;
    this.path = path;
    if (status !== undefined) this.status = status;
  }
}

/** Where and as whom to ask. */
export interface KubernetesApiOptions {
  /** The API endpoint, e.g. `https://ABC.gr7.us-west-2.eks.amazonaws.com` (DescribeCluster's `endpoint`). */
  readonly endpoint: string;
  /** The cluster's CA bundle, base64-encoded PEM (DescribeCluster's `certificateAuthority.data`). */
  readonly certificateAuthorityData: string;
  /** Bearer token. */
  readonly token: string;
  /** Cancels every request in flight (the per-cluster timeout). */
  readonly signal?: AbortSignal;
  /** Requests in flight at once to this cluster. @default 8 */
  readonly maxSockets?: number;
}

/** Node's TLS error codes of a certificate that does not chain to the CA or does not name the host. */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The few read-only GETs `verify` makes to one cluster's Kubernetes API, over HTTPS with the cluster's
 * own CA (and nothing else) trusted. Plain `node:https`: `verify` reads a handful of paths, so a
 * Kubernetes client library (and its kubeconfig and exec plugins) would add much and save little;
 * Node's global `fetch` cannot be given a CA without an extra package.
 */
export class KubernetesApi {
  private readonly base: URL;
  private readonly agent: Agent;

  constructor(private readonly options: KubernetesApiOptions) {
    this.base = new URL(options.endpoint);
    if (this.base.protocol !== 'https:') throw new Error(`the Kubernetes API endpoint must be https: ${options.endpoint}`);
    this.agent = new Agent({
      ca: Buffer.from(options.certificateAuthorityData, 'base64').toString('utf8'),
      keepAlive: true,
      maxSockets: options.maxSockets ?? 8,
    });
  }

  /** GETs `path` (with `query`) and parses the JSON answer. */
  public async get<T>(path: string, query: Readonly<Record<string, string>> = {}): Promise<T> {
    const url = new URL(path, this.base);
    Object.entries(query).forEach(([key, value]) => url.searchParams.set(key, value));
    const shown = `${url.pathname}${url.search}`;
    return new Promise<T>((resolve, reject) => {
      const req = request(
        url,
        {
          method: 'GET',
          agent: this.agent,
          headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json' },
          ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => reject(networkError(shown, error)));
          res.on('end', () => {
            const body = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) {
              try {
                resolve(JSON.parse(body) as T);
              } catch {
                reject(new KubernetesApiError(KubernetesFailureKind.OTHER, shown, `answered ${status} with a body that is not JSON`, status));
              }
              return;
            }
            reject(httpError(shown, status, body));
          });
        },
      );
      req.on('error', (error) => reject(networkError(shown, error)));
      req.end();
    });
  }

  /** Closes the connections. */
  public close(): void {
    this.agent.destroy();
  }
}

/** The error of an answer that is not 2xx; the message is the API's Status message when there is one. */
function httpError(path: string, status: number, body: string): KubernetesApiError {
  let message = `HTTP ${status}`;
  try {
    const parsed = JSON.parse(body) as { kind?: string; message?: string };
    if (parsed.kind === 'Status' && parsed.message) message = `HTTP ${status}: ${parsed.message}`;
  } catch {
    // Not a Status object (a proxy's page, an empty body): the status code says it.
  }
  const kind =
    status === 401
      ? KubernetesFailureKind.UNAUTHORIZED
      : status === 403
        ? KubernetesFailureKind.FORBIDDEN
        : status === 404
          ? KubernetesFailureKind.NOT_FOUND
          : KubernetesFailureKind.OTHER;
  return new KubernetesApiError(kind, path, message, status);
}

function networkError(path: string, error: unknown): KubernetesApiError {
  const { name, message } = errorParts(error);
  const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : '';
  if (TLS_CODES.has(code)) {
    return new KubernetesApiError(KubernetesFailureKind.TLS, path, `the server's certificate is not the cluster's (${code}: ${message})`);
  }
  if (name === 'AbortError') return new KubernetesApiError(KubernetesFailureKind.UNREACHABLE, path, 'cancelled (the cluster took too long)');
  return new KubernetesApiError(KubernetesFailureKind.UNREACHABLE, path, `${code === '' ? name : code}: ${message}`);
}
