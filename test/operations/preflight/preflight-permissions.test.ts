import { CALLER_IDENTITY_PERMISSIONS, callerIdentity } from '../../../lib/operations/preflight/caller-identity';
import { deployerAccessCheck } from '../../../lib/operations/preflight/checks/deployer-access-check';
import { PREFLIGHT_CHECKS } from '../../../lib/operations/preflight/preflight-checks';
import { preflightOperation } from '../../../lib/operations/preflight/preflight-operation';
import { runPreflight } from '../../../lib/operations/preflight/run-preflight';
import { STATE_READER_PERMISSIONS } from '../../../lib/operations/preflight/terraform-state';
import { resolveLab } from '../../../lib/plan/resolve-lab';
import { labConfig } from '../../support/fixtures';
import { iamActionsSent, notPermitted } from '../../support/iam-actions';
import { ACCOUNT, checkContext, FakeAccount, fakeClients, iamArn, instance, mocks, serve, stateFile } from './fake-account';

/** A class that takes every path that calls AWS: S3 state, a customer-managed key, a role and a user among the participants. */
const CONFIG = labConfig({
  expiresOn: '2026-12-31',
  secretsEncryption: 'customer-managed',
  state: { backend: 's3', bucket: 'class-state' },
  roster: {
    instructorPrincipalArns: [iamArn('role', 'Instructor')],
    participants: [
      { id: 'alice', principalArn: iamArn('role', 'alice') },
      { id: 'bob', principalArn: iamArn('user', 'bob') },
    ],
  },
});

/** An account with something of everything the checks look at; no quota applied (each check asks for the applied value, then AWS's default). */
const EVERYTHING: FakeAccount = {
  callerArn: `arn:aws:sts::${ACCOUNT}:assumed-role/Instructor/me`,
  roles: [{ name: 'Instructor' }, { name: 'alice' }],
  users: [{ name: 'bob' }],
  instances: [instance('i-other', 'm5.xlarge', 4)],
  natGateways: [{ NatGatewayId: 'nat-other', State: 'available', SubnetId: 'subnet-a' }],
  subnets: [{ SubnetId: 'subnet-a', AvailabilityZone: 'us-west-2a' }],
  clusters: ['eks-workshop-alice'],
  logGroups: ['/aws/eks/eks-workshop-alice/cluster'],
  launchTemplates: ['eks-workshop-alice-nodes'],
  buckets: {
    'class-state': {
      region: 'us-west-2',
      versioning: 'Enabled',
      objects: { 'eks-workshop/eks-workshop-alice-cluster.tfstate': stateFile([['aws_eks_cluster', 'eks-workshop-alice']]) },
    },
  },
};

describe('preflight: the IAM permissions come from its units', () => {
  test("the command needs the caller identity's, every check's and the state reader's permissions, nothing else", () => {
    const units = [CALLER_IDENTITY_PERMISSIONS, ...PREFLIGHT_CHECKS.map((check) => check.permissions), STATE_READER_PERMISSIONS];
    expect([...preflightOperation.permissions()].sort()).toEqual([...new Set(units.flat())].sort());
  });

  // Each check alone: every AWS call it makes is covered by a permission it declares (or by the state
  // reader it is given), and it makes a call for every permission it declares (none is dead).
  test.each(PREFLIGHT_CHECKS.map((check) => [check.name, check] as const))('check %s calls the permissions it declares, and no other', async (_name, check) => {
    serve(EVERYTHING);
    await check.run(checkContext(CONFIG));
    const sent = iamActionsSent(Object.values(mocks));
    expect(notPermitted(sent, [...check.permissions, ...STATE_READER_PERMISSIONS])).toEqual([]);
    // The deploying identity's access asks nothing itself: it reads the identity runPreflight resolved (with its permissions).
    expect(notPermitted(check.permissions, sent)).toEqual(check === deployerAccessCheck ? [...CALLER_IDENTITY_PERMISSIONS] : []);
  });

  test('the caller identity calls exactly the permissions it declares', async () => {
    serve(EVERYTHING);
    await callerIdentity(fakeClients());
    expect(iamActionsSent(Object.values(mocks))).toEqual([...CALLER_IDENTITY_PERMISSIONS].sort());
  });

  test('a whole run on an account with something of everything calls exactly the permissions the command declares', async () => {
    serve(EVERYTHING);
    const report = await runPreflight({ plan: resolveLab(CONFIG), clients: fakeClients(), projectDir: '/nonexistent-project' });
    expect(report.rows.filter((r) => r.figure.startsWith('not checked'))).toEqual([]);
    expect(iamActionsSent(Object.values(mocks))).toEqual([...preflightOperation.permissions()].sort());
  });
});
