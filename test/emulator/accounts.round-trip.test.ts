import { DescribeClusterCommand, DescribeNodegroupCommand } from '@aws-sdk/client-eks';
import { CreateRoleCommand, GetRoleCommand } from '@aws-sdk/client-iam';
import { DescribeVpcsCommand } from '@aws-sdk/client-ec2';
import type { LeftoverReport } from '../../lib/operations/leftovers/leftover-report';
import { PreflightResult } from '../../lib/operations/preflight/preflight-check';
import type { PreflightReport } from '../../lib/operations/preflight/preflight-report';
import { AwsCallRecorder } from '../support/aws-call-recorder';
import { EmulatorClassRunner, reportRow } from '../support/emulator-class-runner';
import { emulatorClients, EmulatorClients, emulatorClientsInAccount, Inventory, inventoryAdded, takeInventory } from '../support/emulator-inventory';
import { buildCommands, commandAgainstEmulator, EMULATOR_DESTROY_ENV, emulatorToolsOrSkip, expectOnlyMotoGapsNotChecked, printLeftOut, roundTripSteps } from '../support/emulator-round-trip';
import { EmulatorWorkspace } from '../support/emulator-terraform';
import { labConfig, synthLab } from '../support/fixtures';
import { MotoServer } from '../support/moto-server';
import { stopRunningTerraform } from '../support/terraform-tools';

const TRIP = 'class of 2 accounts';
const tools = emulatorToolsOrSkip('emulator round trip of a class of two, each participant in an AWS account of their own, through the class runner');
const describeEmulator = tools ? describe : describe.skip;

/** moto's default account: the deploying identity's (its fake credentials). */
const DEPLOYING_ACCOUNT = '123456789012';
const PARTICIPANTS = [
  { id: 'ana', accountId: '200000000001' },
  { id: 'ben', accountId: '200000000002' },
];
const roleArnOf = (accountId: string) => `arn:aws:iam::${accountId}:role/OrganizationAccountAccessRole`;
const CONFIG = labConfig({
  expiresOn: '2030-12-31',
  roster: { participants: PARTICIPANTS.map(({ id, accountId }) => ({ id, accountId, principalArn: `arn:aws:iam::${accountId}:role/Learner` })) },
});
const clusterStack = (id: string) => `eks-workshop-${id}-cluster`;

describeEmulator("a class of two in accounts of their own against moto: each lab in its account, nothing in the deploying account's but the state", () => {
  const synthesized = synthLab(CONFIG);
  const awsStacks = PARTICIPANTS.map(({ id }) => clusterStack(id));
  const notRun = Object.keys(synthesized).filter((name) => !awsStacks.includes(name));
  let moto: MotoServer;
  let recorder: AwsCallRecorder;
  let deploying: EmulatorClients;
  let accounts: Record<string, EmulatorClients>;
  let workspace: EmulatorWorkspace;
  let runner: EmulatorClassRunner;
  let commands: string;
  const before: Record<string, Inventory> = {};
  const roundTrip = roundTripSteps(TRIP);

  const preflight = async () => {
    const { code, stdout } = await commandAgainstEmulator('preflight', ['--json'], { endpoint: commands, config: CONFIG, dir: workspace.root });
    return { code, report: JSON.parse(stdout) as PreflightReport };
  };
  const leftovers = async () => {
    const { code, stdout } = await commandAgainstEmulator('leftovers', ['--json'], { endpoint: commands, config: CONFIG, dir: workspace.root });
    return { code, report: JSON.parse(stdout) as LeftoverReport };
  };

  beforeAll(async () => {
    const found = tools as NonNullable<typeof tools>;
    moto = await MotoServer.start(found.moto);
    recorder = new AwsCallRecorder(moto.url);
    commands = await recorder.endpoint('commands');
    deploying = emulatorClients(moto.url, CONFIG.region);
    accounts = Object.fromEntries(
      await Promise.all(PARTICIPANTS.map(async ({ accountId }) => [accountId, await emulatorClientsInAccount(moto.url, CONFIG.region, roleArnOf(accountId))] as const)),
    );
    // What the organization provides in each account: the role Organizations creates (moto lets any
    // role be assumed, but the deploy reads the role it assumed), and the participant's principal.
    const trust = (principal: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }] });
    for (const { accountId } of PARTICIPANTS) {
      await accounts[accountId].iam.send(new CreateRoleCommand({ RoleName: 'OrganizationAccountAccessRole', AssumeRolePolicyDocument: trust(`arn:aws:iam::${DEPLOYING_ACCOUNT}:root`) }));
      await accounts[accountId].iam.send(new CreateRoleCommand({ RoleName: 'Learner', AssumeRolePolicyDocument: trust(`arn:aws:iam::${accountId}:root`) }));
    }
    before[DEPLOYING_ACCOUNT] = await takeInventory(deploying);
    for (const { accountId } of PARTICIPANTS) before[accountId] = await takeInventory(accounts[accountId]);
    workspace = await EmulatorWorkspace.create(
      found.terraform,
      Object.fromEntries(awsStacks.map((name) => [name, synthesized[name]])),
      (name) => recorder.endpoint(name),
    );
    runner = new EmulatorClassRunner(found.terraform, workspace, CONFIG, deploying.ec2, EMULATOR_DESTROY_ENV);
    runner.prepare(Object.fromEntries(notRun.map((name) => [name, synthesized[name]])));
    buildCommands();
    printLeftOut(TRIP, awsStacks.map((name) => workspace.stack(name)), notRun);
  }, 120_000);

  afterAll(async () => {
    stopRunningTerraform();
    await recorder?.close();
    await moto?.stop();
    workspace?.remove();
  });

  roundTrip('preflight: the state in the deploying account, every other check in each account through its role, rows named after the participant', async () => {
    const { code, report } = await preflight();
    expectOnlyMotoGapsNotChecked(report, code);
    for (const { id, accountId } of PARTICIPANTS) {
      const rows = report.rows.filter((r) => r.check.startsWith(`${id} (${accountId}): `));
      expect(rows.find((r) => r.check.endsWith(': account role'))).toMatchObject({ result: PreflightResult.PASS, figure: expect.stringMatching(new RegExp(`^assumed ${roleArnOf(accountId)} \\(arn:aws:sts::${accountId}:assumed-role/`)) });
      expect(rows.find((r) => r.check.endsWith(': VPCs'))).toMatchObject({ result: PreflightResult.PASS, figure: expect.stringMatching(/^1 to create;/) });
      expect(rows.find((r) => r.check.endsWith(': IAM principals exist'))).toMatchObject({ result: PreflightResult.PASS });
    }
    expect(report.rows.filter((r) => r.check === 'Terraform state')).toHaveLength(1);
  });

  roundTrip('a role that cannot be assumed is named with its participant: preflight FAILs that account, leftovers does not say nothing is left', async () => {
    recorder.denyAssumeRole(roleArnOf('200000000002'));
    try {
      const { code, report } = await preflight();
      expect(code).toBe(1);
      expect(report.rows.filter((r) => r.check.startsWith('ben (200000000002): '))).toEqual([
        expect.objectContaining({ check: 'ben (200000000002): account role', result: PreflightResult.FAIL, figure: expect.stringMatching(/^cannot assume arn:aws:iam::200000000002:role\/OrganizationAccountAccessRole: .*not authorized to perform: sts:AssumeRole/) }),
      ]);
      const left = await leftovers();
      expect(left.code).toBe(1);
      expect(left.report.accountsNotChecked).toEqual([{ participantId: 'ben', accountId: '200000000002', why: expect.stringMatching(/^cannot assume .*sts:AssumeRole/) }]);
    } finally {
      recorder.allowAssumeRole(roleArnOf('200000000002'));
    }
  });

  roundTrip('deploy through the class runner: both labs, each in its account', async () => {
    const { code, stdout } = await runner.run(TRIP, ['deploy']);
    expect(code).toBe(0);
    for (const { id } of PARTICIPANTS) expect(reportRow(stdout, clusterStack(id))).toMatch(new RegExp(`^${id}\\s+${clusterStack(id)}\\s+deployed`));
  });

  roundTrip("each participant's VPC, cluster, roles and node group are in their own account, and the deploying account holds none of them", async () => {
    for (const { id, accountId } of PARTICIPANTS) {
      const inAccount = accounts[accountId];
      const cluster = (await inAccount.eks.send(new DescribeClusterCommand({ name: `eks-workshop-${id}` }))).cluster;
      expect(cluster?.arn).toBe(`arn:aws:eks:us-west-2:${accountId}:cluster/eks-workshop-${id}`);
      expect(cluster?.roleArn).toBe(`arn:aws:iam::${accountId}:role/eks-workshop-${id}-cluster`);
      const nodes = (await inAccount.eks.send(new DescribeNodegroupCommand({ clusterName: `eks-workshop-${id}`, nodegroupName: 'default' }))).nodegroup;
      expect(nodes?.nodeRole).toBe(`arn:aws:iam::${accountId}:role/eks-workshop-${id}-node`);
      for (const suffix of ['cluster', 'node', 'ebs-csi-driver']) {
        expect((await inAccount.iam.send(new GetRoleCommand({ RoleName: `eks-workshop-${id}-${suffix}` }))).Role?.Arn).toBe(`arn:aws:iam::${accountId}:role/eks-workshop-${id}-${suffix}`);
      }
      const vpcs = (await inAccount.ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'tag:env', Values: [`eks-workshop-${id}`] }] }))).Vpcs ?? [];
      expect(vpcs.map((v) => [v.CidrBlock, v.OwnerId])).toEqual([['10.42.0.0/16', accountId]]);
    }
    expect(inventoryAdded(before[DEPLOYING_ACCOUNT], await takeInventory(deploying))).toEqual({});
  });

  roundTrip('leftovers asks each account: each lab found in its own', async () => {
    const { code, report } = await leftovers();
    expect(code).toBe(1);
    expect(report.groups.map((g) => g.participantId)).toEqual(['ana', 'ben']);
    for (const group of report.groups) {
      const accountId = PARTICIPANTS.find((p) => p.id === group.participantId)?.accountId as string;
      const arns = group.resources.map((r) => r.arn).filter((arn): arn is string => arn !== undefined && !arn.includes(':ec2:'));
      expect(arns.every((arn) => arn.includes(`:${accountId}:`))).toBe(true);
    }
    expect(report.accountsNotChecked).toEqual([]);
  });

  roundTrip('destroy through the class runner: nothing is left in either account, nor in the deploying one', async () => {
    const { code, stdout } = await runner.run(TRIP, ['destroy']);
    expect(code).toBe(0);
    for (const { id } of PARTICIPANTS) expect(reportRow(stdout, clusterStack(id))).toMatch(/destroyed/);
    for (const { accountId } of PARTICIPANTS) expect([accountId, inventoryAdded(before[accountId], await takeInventory(accounts[accountId]))]).toEqual([accountId, {}]);
    expect(inventoryAdded(before[DEPLOYING_ACCOUNT], await takeInventory(deploying))).toEqual({});
  });

  roundTrip('after destroy leftovers reports nothing in any account', async () => {
    const { code, report } = await leftovers();
    const resources = report.groups.flatMap((g) => g.resources);
    // A control-plane log group EKS re-creates after the cluster is gone is not made by moto: none to expect here.
    expect(resources).toEqual([]);
    expect([code, report.total, report.accountsNotChecked]).toEqual([0, 0, []]);
  });
});
