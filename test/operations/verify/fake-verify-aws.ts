import { CostExplorerClient } from '@aws-sdk/client-cost-explorer';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { Cluster, DescribeClusterCommand, DescribeNodegroupCommand, EKSClient, Nodegroup, ResourceNotFoundException } from '@aws-sdk/client-eks';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, ResourceTagMapping } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import type { VerifyClients } from '../../../lib/operations/verify/verify-labs';
import type { TestCredentials } from '../../support/eks-token-verifier';

// The SDK's notice that later versions need Node 22 says nothing about these tests.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** The credentials the tests sign tokens with; the fake clusters check signatures against them. */
export const CREDENTIALS: TestCredentials = { accessKeyId: 'AKIAVERIFYTEST000001', secretAccessKey: 'verify/test/secret/key+0123456789abcdefghij' };

/** Mocks of every EKS and Tagging API client, reset by {@link serveEks}. */
export const eksMock = mockClient(EKSClient);
export const taggingMock = mockClient(ResourceGroupsTaggingAPIClient);
export const ceMock = mockClient(CostExplorerClient);
export const organizationsMock = mockClient(OrganizationsClient);
export const stsMock = mockClient(STSClient);

/** What EKS holds for one cluster: its endpoint and CA, and overrides of the answers. */
export interface FakeEksCluster {
  readonly endpoint: string;
  /** PEM of the cluster's CA. */
  readonly caPem: string;
  readonly cluster?: Partial<Cluster>;
  /** The node group's fields; `null` when the cluster has no node group. */
  readonly nodegroup?: Partial<Nodegroup> | null;
}

/**
 * Answers DescribeCluster and DescribeNodegroup as EKS does for `clusters` (ResourceNotFoundException
 * for any other name), and GetResources with `tagged` (filtered by the created-by tag and type).
 */
export function serveEks(clusters: Record<string, FakeEksCluster>, tagged: readonly ResourceTagMapping[] = []): void {
  eksMock.reset();
  taggingMock.reset();
  ceMock.reset();
  organizationsMock.reset();
  stsMock.reset();
  const notFound = (what: string) => new ResourceNotFoundException({ message: `No cluster found for name: ${what}.`, $metadata: { httpStatusCode: 404 } });
  eksMock.on(DescribeClusterCommand).callsFake(({ name }: { name: string }) => {
    const c = clusters[name];
    if (c === undefined) throw notFound(name);
    return {
      cluster: {
        name,
        arn: `arn:aws:eks:us-west-2:123456789012:cluster/${name}`,
        status: 'ACTIVE',
        version: '1.35',
        endpoint: c.endpoint,
        certificateAuthority: { data: Buffer.from(c.caPem).toString('base64') },
        ...c.cluster,
      },
    };
  });
  eksMock.on(DescribeNodegroupCommand).callsFake(({ clusterName, nodegroupName }: { clusterName: string; nodegroupName: string }) => {
    const c = clusters[clusterName];
    if (c === undefined || c.nodegroup === null) throw notFound(`${clusterName}/${nodegroupName}`);
    return {
      nodegroup: {
        nodegroupName,
        clusterName,
        status: 'ACTIVE',
        scalingConfig: { minSize: 3, desiredSize: 3, maxSize: 6 },
        health: { issues: [] },
        ...c.nodegroup,
      },
    };
  });
  taggingMock.on(GetResourcesCommand).callsFake(() => ({ ResourceTagMappingList: [...tagged], PaginationToken: '' }));
}

/** Clients whose `send` is mocked; tokens are signed with {@link CREDENTIALS} unless `credentials` says otherwise. */
export function fakeVerifyClients(credentials: TestCredentials = CREDENTIALS): VerifyClients {
  const eks = new EKSClient({ region: 'us-west-2' });
  return {
    eks,
    tagging: new ResourceGroupsTaggingAPIClient({ region: 'us-west-2' }),
    costExplorer: new CostExplorerClient({ region: 'us-east-1' }),
    organizations: new OrganizationsClient({ region: 'us-east-1' }),
    sts: new STSClient({ region: 'us-west-2' }),
    signer: { credentials, sha256: eks.config.sha256 },
  };
}
