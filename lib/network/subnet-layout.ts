import { formatIpv4Cidr, Ipv4Cidr, subnetOf } from './ipv4-cidr';

/** The CIDRs of one availability zone's pair of subnets. */
export interface ZoneSubnets {
  /** Availability zone name, e.g. `us-west-2a`. */
  readonly availabilityZone: string;
  /** CIDR of the public subnet (load balancers, NAT gateway). */
  readonly publicCidr: string;
  /** CIDR of the private subnet (nodes, pods, control-plane ENIs). */
  readonly privateCidr: string;
}

/** Extra prefix bits of each subnet: a /16 VPC gets /19 subnets, as in the workshop. */
export const SUBNET_NEW_BITS = 3;

/** Most availability zones the layout supports (public and private subnets for each fit in 8 slots). */
export const MAX_ZONES = 3;

/**
 * The workshop's subnet layout: the VPC is cut into eight equal blocks; public subnets take
 * blocks 0..n-1 and private subnets blocks 3..3+n-1 (10.42.0.0/16 gives public /19s at .0, .32, .64
 * and private /19s at .96, .128, .160). Blocks 6 and 7 stay free for later growth.
 */
export function subnetLayout(vpc: Ipv4Cidr, availabilityZones: readonly string[]): ZoneSubnets[] {
  if (availabilityZones.length > MAX_ZONES) {
    throw new RangeError(`the subnet layout supports at most ${MAX_ZONES} availability zones`);
  }
  return availabilityZones.map((availabilityZone, i) => ({
    availabilityZone,
    publicCidr: formatIpv4Cidr(subnetOf(vpc, SUBNET_NEW_BITS, i)),
    privateCidr: formatIpv4Cidr(subnetOf(vpc, SUBNET_NEW_BITS, MAX_ZONES + i)),
  }));
}
