import { Testing } from 'cdktf';
import { NatGatewayMode } from '../../lib/config/lab-config';
import { formatIpv4Cidr, parseIpv4Cidr, subnetOf } from '../../lib/config/ipv4-cidr';
import { LabNetwork } from '../../lib/network/lab-network';
import { networkPlan } from '../../lib/plan/network-plan';
import { SubnetLayoutKind } from '../../lib/plan/subnet-layout';
import { StackJson, resourcesOf } from '../support/fixtures';

const ZONES = ['us-west-2a', 'us-west-2b', 'us-west-2c'];

type NetworkPlanProps = Parameters<typeof networkPlan>[0];

/** A network plan as the plan resolves a single lab's, with `props` changed. */
function planOf(props: Partial<NetworkPlanProps> = {}) {
  return networkPlan({
    stackName: 'lab-cluster',
    namePrefix: 'lab',
    vpcCidr: '10.42.0.0/16',
    availabilityZones: ZONES,
    layout: SubnetLayoutKind.WORKSHOP,
    natGatewayMode: NatGatewayMode.SINGLE,
    clusterNames: ['lab'],
    ...props,
  });
}

function synthNetwork(props: Partial<NetworkPlanProps> = {}): { network: LabNetwork; json: StackJson } {
  let network: LabNetwork | undefined;
  const plan = planOf(props);
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      network = new LabNetwork(scope, 'Network', { plan });
    }),
  ) as StackJson;
  return { network: network!, json };
}

function subnets(json: StackJson, kind: 'Public' | 'Private') {
  return Object.values(resourcesOf(json, 'aws_subnet'))
    .filter((s) => String((s.tags as Record<string, string>).Name).includes(`${kind}Subnet`))
    .map((s) => ({ az: s.availability_zone, cidr: s.cidr_block, tags: s.tags as Record<string, string>, mapPublicIp: s.map_public_ip_on_launch }));
}

describe('LabNetwork', () => {
  test('defaults: the workshop layout with one NAT gateway', () => {
    const { network, json } = synthNetwork();
    const [vpc] = Object.values(resourcesOf(json, 'aws_vpc'));
    expect(vpc).toMatchObject({ cidr_block: '10.42.0.0/16', enable_dns_hostnames: true, enable_dns_support: true });
    expect(subnets(json, 'Public').map((s) => [s.az, s.cidr])).toEqual([
      ['us-west-2a', '10.42.0.0/19'],
      ['us-west-2b', '10.42.32.0/19'],
      ['us-west-2c', '10.42.64.0/19'],
    ]);
    expect(subnets(json, 'Private').map((s) => [s.az, s.cidr])).toEqual([
      ['us-west-2a', '10.42.96.0/19'],
      ['us-west-2b', '10.42.128.0/19'],
      ['us-west-2c', '10.42.160.0/19'],
    ]);
    expect(subnets(json, 'Public').every((s) => s.tags['kubernetes.io/role/elb'] === '1' && s.mapPublicIp === false)).toBe(true);
    expect(subnets(json, 'Private').every((s) => s.tags['kubernetes.io/role/internal-elb'] === '1')).toBe(true);
    expect(subnets(json, 'Private').map((s) => s.tags.Name)).toEqual(['lab-PrivateSubnet1', 'lab-PrivateSubnet2', 'lab-PrivateSubnet3']);
    expect(Object.keys(resourcesOf(json, 'aws_nat_gateway'))).toHaveLength(1);
    expect(Object.keys(resourcesOf(json, 'aws_eip'))).toHaveLength(1);
    expect(Object.values(resourcesOf(json, 'aws_eip'))[0]).toMatchObject({ domain: 'vpc' });
    expect(network.natGatewayMode).toBe(NatGatewayMode.SINGLE);
    expect(network.privateSubnetIds).toHaveLength(3);
    // Every private route table sends default traffic to the one NAT gateway.
    const natRoutes = Object.values(resourcesOf(json, 'aws_route_table'))
      .map((rt) => (rt.route as Array<Record<string, unknown>>)[0])
      .filter((r) => r.nat_gateway_id);
    expect(natRoutes).toHaveLength(3);
    expect(new Set(natRoutes.map((r) => r.nat_gateway_id)).size).toBe(1);
    expect(Object.keys(resourcesOf(json, 'aws_route_table_association'))).toHaveLength(6);
  });

  test('overrides: one NAT gateway per zone, two zones, a /20 VPC', () => {
    const { json } = synthNetwork({
      natGatewayMode: NatGatewayMode.PER_AZ,
      availabilityZones: ZONES.slice(0, 2),
      vpcCidr: '192.168.0.0/20',
    });
    expect(subnets(json, 'Public').map((s) => s.cidr)).toEqual(['192.168.0.0/23', '192.168.2.0/23']);
    expect(subnets(json, 'Private').map((s) => s.cidr)).toEqual(['192.168.6.0/23', '192.168.8.0/23']);
    expect(Object.keys(resourcesOf(json, 'aws_nat_gateway'))).toHaveLength(2);
    const natRoutes = Object.values(resourcesOf(json, 'aws_route_table'))
      .map((rt) => (rt.route as Array<Record<string, unknown>>)[0].nat_gateway_id)
      .filter(Boolean);
    expect(new Set(natRoutes).size).toBe(2);
  });

  test('networkPlan rejects an invalid VPC CIDR (the loader reports it first, naming the field)', () => {
    expect(() => planOf({ vpcCidr: '10.42.0.1/16' })).toThrow(/vpcCidr 10.42.0.1\/16 has host bits set/);
  });

  test('networkPlan rejects more zones than the layout holds', () => {
    expect(() => planOf({ availabilityZones: [...ZONES, 'us-west-2d'] })).toThrow(/at most 3 availability zones/);
  });

  test('networkPlan counts one NAT gateway, or one per zone', () => {
    expect(planOf().natGateways).toBe(1);
    expect(planOf({ natGatewayMode: NatGatewayMode.PER_AZ, availabilityZones: ZONES.slice(0, 2) }).natGateways).toBe(2);
  });
});

describe('ipv4 helpers', () => {
  test('subnetOf computes what terraform cidrsubnet() would', () => {
    const vpc = parseIpv4Cidr('10.42.0.0/16');
    if (typeof vpc === 'string') throw new Error(vpc);
    expect(formatIpv4Cidr(subnetOf(vpc, 3, 5))).toBe('10.42.160.0/19');
    expect(formatIpv4Cidr(subnetOf(vpc, 8, 255))).toBe('10.42.255.0/24');
    expect(() => subnetOf(vpc, 3, 8)).toThrow(/does not exist/);
  });

  test('parseIpv4Cidr rejects host bits and junk', () => {
    expect(parseIpv4Cidr('0.0.0.0/0')).toEqual({ base: 0, prefix: 0 });
    expect(parseIpv4Cidr('10.0.0.1/8')).toMatch(/host bits set: the network address is 10.0.0.0\/8/);
    expect(parseIpv4Cidr('300.1.1.1/8')).toMatch(/must be an IPv4 CIDR/);
  });
});
