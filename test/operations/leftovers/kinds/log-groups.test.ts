import { DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { logGroups } from '../../../../lib/operations/leftovers/kinds/log-groups';
import { LeftoverSource } from '../../../../lib/operations/leftovers/leftover-report';
import { arn, fakeClients, logGroup, logsMock, serve } from '../fake-aws';

const SCOPE = { labTags: [{ key: 'lab', value: 'eks-workshop' }], clusterNames: ['eks-workshop-alice', 'eks-workshop-bob'] };

describe('log groups kind', () => {
  test("finds each checked cluster's control-plane log group by its exact name, with the cluster it belongs to", async () => {
    serve({ logGroups: [logGroup('/aws/eks/eks-workshop-bob/cluster', 7), logGroup('/aws/eks/eks-workshop-bob/cluster-other')] });
    expect(await logGroups.find!(fakeClients(), SCOPE)).toEqual([
      {
        id: '/aws/eks/eks-workshop-bob/cluster',
        arn: arn('logs', 'log-group:/aws/eks/eks-workshop-bob/cluster'),
        detail: '2.5 MB stored, kept 7 days',
        tags: {},
        clusterName: 'eks-workshop-bob',
      },
    ]);
    expect(logsMock.commandCalls(DescribeLogGroupsCommand).map((c) => c.args[0].input.logGroupNamePrefix)).toEqual([
      '/aws/eks/eks-workshop-alice/cluster',
      '/aws/eks/eks-workshop-bob/cluster',
    ]);
    expect(logGroups.source).toBe(LeftoverSource.LOG_GROUPS_BY_NAME);
  });

  test('confirms a log group the Tagging API lists by its name (its ARN may end with :*); one CloudWatch Logs does not have is gone', async () => {
    serve({ logGroups: [logGroup('/lab/other')] });
    expect(logGroups.idFromArn?.('/lab/other:*')).toBe('/lab/other');
    const answers = await logGroups.confirm(fakeClients(), ['/lab/other', '/lab/deleted'], SCOPE);
    expect([...answers.keys()]).toEqual(['/lab/other']);
    expect(answers.get('/lab/other')).toMatchObject({ exists: true, resource: { detail: '2.5 MB stored, never expires (no retention)' } });
    expect(logGroups.gone).toBe('log group deleted (CloudWatch Logs no longer has it)');
  });
});
