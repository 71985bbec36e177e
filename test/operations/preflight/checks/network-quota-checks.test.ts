import { DescribeNatGatewaysCommand } from '@aws-sdk/client-ec2';
import { elasticIpQuotaCheck } from '../../../../lib/operations/preflight/checks/elastic-ip-quota-check';
import { natGatewayQuotaCheck } from '../../../../lib/operations/preflight/checks/nat-gateway-quota-check';
import { vpcQuotaCheck } from '../../../../lib/operations/preflight/checks/vpc-quota-check';
import { runPreflightCheck } from '../../../../lib/operations/preflight/preflight-check';
import { classConfig, labConfig } from '../../../support/fixtures';
import { checkContext, mocks, serve } from '../fake-account';

const tags = (t: Record<string, string>) => Object.entries(t).map(([Key, Value]) => ({ Key, Value }));
/** A VPC as the lab tags it: its lab and the Name `<network prefix>-vpc` (the network prefix is the lab name for a class's first network). */
const vpc = (id: string, labName?: string, prefix = labName) => ({ VpcId: id, ...(labName === undefined ? {} : { Tags: tags({ lab: labName, Name: `${prefix}-vpc` }) }) });

describe('vpcQuotaCheck', () => {
  test('a class split over two networks needs two VPCs, less the one that exists', async () => {
    const split = classConfig(3, { roster: { participantsPerNetwork: 2 } });
    serve({ vpcs: [vpc('vpc-default'), vpc('vpc-first', 'eks-workshop')], appliedQuotas: { 'L-F678F1CE': 3 } });
    expect(await runPreflightCheck(vpcQuotaCheck, checkContext(split))).toEqual([
      { check: 'VPCs', result: 'PASS', figure: "1 to create (this lab's vpc-first exists); 2 in use, quota 3 (applied): 0 VPCs to spare" },
    ]);
    serve({ vpcs: [vpc('vpc-default'), vpc('vpc-other')], appliedQuotas: { 'L-F678F1CE': 3 } });
    expect((await runPreflightCheck(vpcQuotaCheck, checkContext(split)))[0]).toMatchObject({ result: 'FAIL', figure: '2 to create; 2 in use, quota 3 (applied)' });
  });

  test('room for the one VPC: PASS with the figures', async () => {
    serve({ vpcs: [vpc('vpc-default'), vpc('vpc-2')] });
    expect(await runPreflightCheck(vpcQuotaCheck, checkContext(classConfig(3)))).toEqual([
      { check: 'VPCs', result: 'PASS', figure: '1 to create; 2 in use, quota 5 (AWS default): 2 VPCs to spare' },
    ]);
  });

  test('five VPCs on the default quota of five: FAIL, delete one or raise the quota to 6', async () => {
    serve({ vpcs: ['a', 'b', 'c', 'd', 'e'].map((id) => vpc(`vpc-${id}`)) });
    const [row] = await runPreflightCheck(vpcQuotaCheck, checkContext(labConfig()));
    expect(row).toMatchObject({ result: 'FAIL', figure: '1 to create; 5 in use, quota 5 (AWS default)' });
    expect(row.fix).toMatch(/^delete an unused VPC \(aws ec2 describe-vpcs --region us-west-2\) or raise "VPCs per Region" \(vpc L-F678F1CE\) in us-west-2 to at least 6 /);
  });

  test("the lab's own VPC from an earlier deploy needs no room (a redeploy), whatever the page size", async () => {
    serve({ vpcs: ['a', 'b', 'c', 'd'].map((id) => vpc(`vpc-${id}`)).concat(vpc('vpc-lab', 'eks-workshop')), appliedQuotas: { 'L-F678F1CE': 5 } });
    expect((await runPreflightCheck(vpcQuotaCheck, checkContext(labConfig())))[0]).toMatchObject({
      result: 'PASS',
      figure: "0 to create (this lab's vpc-lab exists); 5 in use, quota 5 (applied): 0 VPCs to spare",
    });
  });

  test('DescribeVpcs denied: NOT CHECKED', async () => {
    serve({ denied: ['ec2:DescribeVpcs'] });
    expect((await runPreflightCheck(vpcQuotaCheck, checkContext(labConfig())))[0]).toMatchObject({ result: 'NOT CHECKED', figure: 'not checked: ec2:DescribeVpcs was denied' });
  });
});

describe('elasticIpQuotaCheck', () => {
  const address = (id: string, labName?: string) => ({ AllocationId: id, ...(labName === undefined ? {} : { Tags: tags({ lab: labName }) }) });

  test('one NAT gateway, one address: PASS', async () => {
    serve({ addresses: [address('eipalloc-1')] });
    expect((await runPreflightCheck(elasticIpQuotaCheck, checkContext(labConfig())))[0]).toEqual({
      check: 'Elastic IPs',
      result: 'PASS',
      figure: '1 to allocate (1 NAT gateway); 1 allocated, quota 5 (AWS default): 3 to spare',
    });
  });

  test('per-az NAT gateways need three addresses: FAIL when only two are free', async () => {
    serve({ addresses: ['1', '2', '3'].map((n) => address(`eipalloc-${n}`)) });
    const [row] = await runPreflightCheck(elasticIpQuotaCheck, checkContext(classConfig(2, { natGateways: 'per-az' })));
    expect(row).toMatchObject({ result: 'FAIL', figure: '3 to allocate (3 NAT gateways); 3 allocated, quota 5 (AWS default)' });
    expect(row.fix).toMatch(/raise "EC2-VPC Elastic IPs" \(ec2 L-0263D0A3\) in us-west-2 to at least 6 /);
  });

  test('a class on two networks needs an address per network', async () => {
    serve({ addresses: [address('eipalloc-1')] });
    expect((await runPreflightCheck(elasticIpQuotaCheck, checkContext(classConfig(3, { roster: { participantsPerNetwork: 2 } }))))[0]).toMatchObject({
      result: 'PASS',
      figure: '2 to allocate (2 NAT gateways); 1 allocated, quota 5 (AWS default): 2 to spare',
    });
  });

  test("the lab's own addresses count as there already", async () => {
    serve({ addresses: [address('eipalloc-1', 'eks-workshop'), address('eipalloc-2'), address('eipalloc-3'), address('eipalloc-4'), address('eipalloc-5')] });
    expect((await runPreflightCheck(elasticIpQuotaCheck, checkContext(labConfig())))[0]).toMatchObject({
      result: 'PASS',
      figure: "0 to allocate (1 NAT gateway, 1 of the lab's exist); 5 allocated, quota 5 (AWS default): 0 to spare",
    });
  });
});

describe('natGatewayQuotaCheck', () => {
  const subnets = ['a', 'b', 'c'].map((z) => ({ SubnetId: `subnet-${z}`, AvailabilityZone: `us-west-2${z}` }));
  const gateway = (id: string, zone: string, state = 'available', labName?: string) => ({
    NatGatewayId: id,
    SubnetId: `subnet-${zone}`,
    State: state as 'available',
    ...(labName === undefined ? {} : { Tags: tags({ lab: labName }) }),
  });

  test('a single NAT gateway goes to the first zone: only its count matters', async () => {
    serve({ subnets, natGateways: [gateway('nat-1', 'b'), gateway('nat-2', 'b'), gateway('nat-3', 'a', 'deleted')] });
    expect((await runPreflightCheck(natGatewayQuotaCheck, checkContext(labConfig())))[0]).toEqual({
      check: 'NAT gateways per zone',
      result: 'PASS',
      figure: 'us-west-2a: 1 to create, 0 in use; quota 5 (AWS default) per zone',
    });
    expect(mocks.ec2.commandCalls(DescribeNatGatewaysCommand)[0].args[0].input.Filter).toEqual([{ Name: 'state', Values: ['pending', 'available', 'deleting'] }]);
  });

  test('two networks with one NAT gateway each put two in the first zone', async () => {
    serve({ subnets, natGateways: [gateway('nat-1', 'a'), gateway('nat-2', 'a'), gateway('nat-3', 'a', 'available', 'eks-workshop')], appliedQuotas: { 'L-FE5A380F': 4 } });
    const [row] = await runPreflightCheck(natGatewayQuotaCheck, checkContext(classConfig(3, { roster: { participantsPerNetwork: 2 } })));
    expect(row).toMatchObject({ result: 'PASS', figure: 'us-west-2a: 1 to create, 3 in use; quota 4 (applied) per zone' });
    serve({ subnets, natGateways: [gateway('nat-1', 'a'), gateway('nat-2', 'a'), gateway('nat-3', 'a')], appliedQuotas: { 'L-FE5A380F': 4 } });
    const [full] = await runPreflightCheck(natGatewayQuotaCheck, checkContext(classConfig(3, { roster: { participantsPerNetwork: 2 } })));
    expect(full).toMatchObject({ result: 'FAIL', figure: 'us-west-2a: 2 to create, 3 in use; quota 4 (applied) per zone' });
  });

  test('per-az: a full zone FAILs, naming it; pending and deleting gateways count', async () => {
    serve({
      subnets,
      natGateways: [gateway('nat-1', 'c'), gateway('nat-2', 'c', 'pending'), gateway('nat-3', 'c', 'deleting'), gateway('nat-4', 'a', 'available', 'eks-workshop')],
      appliedQuotas: { 'L-FE5A380F': 3 },
    });
    const [row] = await runPreflightCheck(natGatewayQuotaCheck, checkContext(classConfig(2, { natGateways: 'per-az' })));
    expect(row).toMatchObject({
      result: 'FAIL',
      figure: 'us-west-2a: 0 to create, 1 in use; us-west-2b: 1 to create, 0 in use; us-west-2c: 1 to create, 3 in use; quota 3 (applied) per zone',
    });
    expect(row.fix).toMatch(/^us-west-2c has no room: delete unused NAT gateways there .* raise "NAT gateways per Availability Zone" \(vpc L-FE5A380F\) in us-west-2 to at least 4 /);
  });
});
