import { backoffSeconds, isRetryable, lastErrorLines } from '../../lib/class/retryable-errors';

const block = (summary: string) => ['', `Error: ${summary}`, '', '  with aws_vpc.main,', '  on cdk.tf.json line 40, in resource.aws_vpc.main:', '  40: }', ''];

describe('which terraform failures are retried', () => {
  test.each([
    'creating EC2 VPC: operation error EC2: CreateVpc, https response error StatusCode: 503, RequestID: x, api error RequestLimitExceeded: Request limit exceeded.',
    'reading EKS Cluster (k8s-nov-p07): operation error EKS: DescribeCluster, https response error StatusCode: 429, RequestID: x, TooManyRequestsException: Rate exceeded',
    'creating IAM Role (x): operation error IAM: CreateRole, https response error StatusCode: 400, RequestID: x, api error Throttling: Rate exceeded',
    'waiting for EKS Node Group create: read tcp 10.0.0.1:5000->52.1.1.1:443: read: connection reset by peer',
    'Failed to query available provider packages: could not connect to registry.terraform.io: i/o timeout',
  ])('retried: %s', (summary) => {
    expect(isRetryable(block(summary))).toBe(true);
  });

  test.each([
    'creating IAM Role (x): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: x, EntityAlreadyExists: Role with name x already exists.',
    'creating IAM Role (x): operation error IAM: CreateRole, https response error StatusCode: 409, RequestID: x, LimitExceeded: Cannot exceed quota for RolesPerAccount: 1000',
    'creating EKS Cluster (x): operation error EKS: CreateCluster, https response error StatusCode: 400, ResourceLimitExceededException: cluster limit exceeded',
    'Error acquiring the state lock',
  ])('not retried: %s', (summary) => {
    expect(isRetryable(block(summary))).toBe(false);
  });

  test('one lasting error among throttling errors: not retried; no error at all: not retried', () => {
    expect(isRetryable([...block('api error ThrottlingException: Rate exceeded'), ...block('EntityAlreadyExists: Role with name x already exists.')])).toBe(false);
    expect(isRetryable(['Killed'])).toBe(false);
  });

  test('the last error lines: each summary without the source lines; without errors, the last lines printed', () => {
    expect(lastErrorLines([...block('first'), 'detail line', ...block('second')])).toEqual(['Error: first', 'detail line', 'Error: second']);
    expect(lastErrorLines(['a', '', 'b', 'c'], 2)).toEqual(['b', 'c']);
  });

  test('backoff: full jitter between half and all of 30 s, 60 s, 120 s', () => {
    expect([2, 3, 4].map((attempt) => [backoffSeconds(attempt, 30, () => 0), backoffSeconds(attempt, 30, () => 1)])).toEqual([
      [15, 30],
      [30, 60],
      [60, 120],
    ]);
  });
});
