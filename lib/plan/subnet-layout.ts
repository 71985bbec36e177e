import { formatIpv4Cidr, Ipv4Cidr, subnetOf } from '../config/ipv4-cidr';
import { MAX_ZONES } from '../config/lab-config';

/** The CIDRs of one availability zone's pair of subnets. */
export interface ZoneSubnets {
  /** Availability zone name, e.g. `us-west-2a`. */
  readonly availabilityZone: string;
  /** CIDR of the public subnet (NAT gateway). */
  readonly publicCidr: string;
  /** CIDR of the private subnet (nodes, pods, control-plane ENIs). */
  readonly privateCidr: string;
  /** Parts of the private subnet reserved for the VPC CNI's /28 prefixes (subnet CIDR reservations). */
  readonly prefixReservations: readonly string[];
}

/** How the VPC is cut into subnets. */
export enum SubnetLayoutKind {
  /**
   * The workshop's layout for one lab: eight equal blocks, public subnets in blocks 0..2 and private
   * subnets in blocks 3..5 (10.42.0.0/16 gives public /19s at .0, .32, .64 and private /19s at .96,
   * .128, .160); blocks 6 and 7 stay free.
   */
  WORKSHOP = 'workshop',
  /**
   * A network shared by a class: four blocks, private subnets in blocks 0..2 (10.42.0.0/16 gives
   * private /18s at .0, .64, .128), and small public subnets carved from block 3 (/22s at .192, .196,
   * .200), which only hold NAT gateways. The upper seven eighths of each private subnet are reserved
   * for pod prefixes, so the nodes' single addresses cannot fragment them.
   */
  SHARED = 'shared',
}


/** Extra prefix bits of a private subnet in each layout (a /16 VPC gets /19 or /18 subnets). */
export const PRIVATE_SUBNET_NEW_BITS: Record<SubnetLayoutKind, number> = {
  [SubnetLayoutKind.WORKSHOP]: 3,
  [SubnetLayoutKind.SHARED]: 2,
};

/** Eighths of each private subnet the shared layout reserves for prefixes (as 1/2 + 1/4 + 1/8). */
export const PREFIX_RESERVED_EIGHTHS: Record<SubnetLayoutKind, number> = {
  [SubnetLayoutKind.WORKSHOP]: 0,
  [SubnetLayoutKind.SHARED]: 7,
};

/** The subnets of `vpc` for `availabilityZones` in the given layout. */
export function subnetLayout(
  vpc: Ipv4Cidr,
  availabilityZones: readonly string[],
  kind: SubnetLayoutKind = SubnetLayoutKind.WORKSHOP,
): ZoneSubnets[] {
  if (availabilityZones.length > MAX_ZONES) {
    throw new RangeError(`the subnet layout supports at most ${MAX_ZONES} availability zones`);
  }
  const bits = PRIVATE_SUBNET_NEW_BITS[kind];
  return availabilityZones.map((availabilityZone, i) =>
    kind === SubnetLayoutKind.WORKSHOP
      ? {
          availabilityZone,
          publicCidr: formatIpv4Cidr(subnetOf(vpc, bits, i)),
          privateCidr: formatIpv4Cidr(subnetOf(vpc, bits, MAX_ZONES + i)),
          prefixReservations: [],
        }
      : sharedZone(vpc, availabilityZone, i),
  );
}

function sharedZone(vpc: Ipv4Cidr, availabilityZone: string, i: number): ZoneSubnets {
  const bits = PRIVATE_SUBNET_NEW_BITS[SubnetLayoutKind.SHARED];
  const privateSubnet = subnetOf(vpc, bits, i);
  return {
    availabilityZone,
    // Block 3 cut into 16: the public subnets are its first three sixteenths.
    publicCidr: formatIpv4Cidr(subnetOf(vpc, bits + 4, MAX_ZONES * 16 + i)),
    privateCidr: formatIpv4Cidr(privateSubnet),
    // The upper half, then the upper half of what is left, then again: 7/8, the first 1/8 stays free.
    prefixReservations: [1, 2, 3].map((depth) => formatIpv4Cidr(subnetOf(privateSubnet, depth, 1))),
  };
}
