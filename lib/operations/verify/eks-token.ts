import type { AwsCredentialIdentity, AwsCredentialIdentityProvider, ChecksumConstructor, HashConstructor } from '@smithy/types';
import { SignatureV4 } from '@smithy/signature-v4';
import { partitionOf } from '../../config/partition';

/**
 * Prefix of an EKS bearer token: what `aws eks get-token` and aws-iam-authenticator put before the
 * base64url-encoded presigned URL, and what the cluster's authenticator requires.
 *
 * @see https://github.com/aws/aws-cli/blob/develop/awscli/customizations/eks/get_token.py (TOKEN_PREFIX)
 * @see https://github.com/kubernetes-sigs/aws-iam-authenticator/blob/master/pkg/token/token.go (v1Prefix)
 */
export const EKS_TOKEN_PREFIX = 'k8s-aws-v1.';

/**
 * The header that binds a token to one cluster: signed into the presigned URL, so STS only accepts the
 * URL when the authenticator sends the same value (its own cluster id, the cluster name on EKS).
 */
export const CLUSTER_ID_HEADER = 'x-k8s-aws-id';

/**
 * X-Amz-Expires of the presigned URL, in seconds, as `aws eks get-token` sets it (URL_TIMEOUT). STS
 * ignores it: the authenticator accepts a token for 15 minutes after its X-Amz-Date, and rejects
 * X-Amz-Expires outside 0-900.
 */
export const EKS_TOKEN_URL_EXPIRES_SECONDS = 60;

/** The STS API version of GetCallerIdentity (`aws eks get-token`'s AUTH_API_VERSION). */
const STS_API_VERSION = '2011-06-15';

/** What a token is signed with. */
export interface EksTokenSigner {
  /** The caller's credentials: the SDK's default chain, as a client resolved it. */
  readonly credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** SHA-256 implementation, as the SDK's clients carry it (`client.config.sha256`). */
  readonly sha256: ChecksumConstructor | HashConstructor;
}

/** What one token is for. */
export interface EksTokenRequest {
  /** The EKS cluster name (the authenticator's cluster id). */
  readonly clusterName: string;
  /** The cluster's region: the token is signed for that region's STS endpoint. */
  readonly region: string;
  /** Signing time. @default - now */
  readonly now?: Date;
}

/** The regional STS host of `region`, e.g. `sts.us-west-2.amazonaws.com`. */
export function stsHostname(region: string): string {
  return `sts.${region}.${partitionOf(region) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com'}`;
}

/**
 * A bearer token for the cluster's Kubernetes API, made the way `aws eks get-token` makes one: a GET
 * of STS GetCallerIdentity on the regional endpoint, presigned with SigV4 (the SDK's own signer) for
 * {@link EKS_TOKEN_URL_EXPIRES_SECONDS} seconds with the header `x-k8s-aws-id: <cluster>` signed, as
 * `k8s-aws-v1.` + base64url of the URL without padding. The cluster's authenticator calls the URL and
 * maps the identity STS returns to an access entry. No AWS call is made here.
 *
 * @see https://github.com/aws/aws-cli/blob/develop/awscli/customizations/eks/get_token.py
 * @see https://github.com/kubernetes-sigs/aws-iam-authenticator/blob/master/pkg/token/token.go (tokenVerifier.Verify)
 */
export async function eksToken(signer: EksTokenSigner, request: EksTokenRequest): Promise<string> {
  const hostname = stsHostname(request.region);
  const sigv4 = new SignatureV4({ credentials: signer.credentials, region: request.region, service: 'sts', sha256: signer.sha256 });
  const presigned = await sigv4.presign(
    {
      method: 'GET',
      protocol: 'https:',
      hostname,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: STS_API_VERSION },
      // Not an x-amz- header, so the signer keeps it a signed header instead of moving it into the query.
      headers: { host: hostname, [CLUSTER_ID_HEADER]: request.clusterName },
    },
    { expiresIn: EKS_TOKEN_URL_EXPIRES_SECONDS, ...(request.now === undefined ? {} : { signingDate: request.now }) },
  );
  const url = `https://${hostname}/?${queryString(presigned.query ?? {})}`;
  return `${EKS_TOKEN_PREFIX}${Buffer.from(url, 'utf8').toString('base64url')}`;
}

/** The order `aws eks get-token` (botocore) writes the presigned URL's parameters in. */
const PARAMETER_ORDER = [
  'Action',
  'Version',
  'X-Amz-Algorithm',
  'X-Amz-Credential',
  'X-Amz-Date',
  'X-Amz-Expires',
  'X-Amz-SignedHeaders',
  'X-Amz-Security-Token',
  'X-Amz-Signature',
];

/** The query as `aws eks get-token` writes it, so the two tokens are the same bytes for the same credentials and time. */
function queryString(query: Record<string, string | ReadonlyArray<string> | null>): string {
  const rank = (key: string) => (PARAMETER_ORDER.includes(key) ? PARAMETER_ORDER.indexOf(key) : PARAMETER_ORDER.length);
  return Object.entries(query)
    .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([key, value]) => `${rfc3986(key)}=${rfc3986(value)}`)
    .join('&');
}

/** RFC 3986 percent-encoding, as SigV4 canonicalizes query values. */
function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
