import { NatGatewayMode } from '../config/lab-config';
import { parseIpv4Cidr } from '../config/ipv4-cidr';
import { SubnetLayoutKind, subnetLayout, ZoneSubnets } from './subnet-layout';

/** One VPC of the plan: a class's shared network, or the single lab's own. */
export interface NetworkPlan {
  /** The stack that creates it: the class's network stack, or the single lab's cluster stack. */
  readonly stackName: string;
  /** Prefix of every resource's `Name` tag. */
  readonly namePrefix: string;
  /** The VPC's CIDR. */
  readonly vpcCidr: string;
  /** How the VPC is cut into subnets. */
  readonly layout: SubnetLayoutKind;
  /** The subnets of each availability zone, in zone order. */
  readonly zones: readonly ZoneSubnets[];
  /** NAT gateway layout. */
  readonly natGatewayMode: NatGatewayMode;
  /** NAT gateways (and their Elastic IPs) it creates. */
  readonly natGateways: number;
  /** The clusters whose nodes run in its private subnets. */
  readonly clusterNames: readonly string[];
}

/** Builds the plan of one network; the configuration's CIDR and zones were validated by the loader. */
export function networkPlan(props: {
  readonly stackName: string;
  readonly namePrefix: string;
  readonly vpcCidr: string;
  readonly availabilityZones: readonly string[];
  readonly layout: SubnetLayoutKind;
  readonly natGatewayMode: NatGatewayMode;
  readonly clusterNames: readonly string[];
}): NetworkPlan {
  const vpc = parseIpv4Cidr(props.vpcCidr);
  if (typeof vpc === 'string') throw new Error(`networkPlan: vpcCidr ${props.vpcCidr} ${vpc}`);
  return {
    stackName: props.stackName,
    namePrefix: props.namePrefix,
    vpcCidr: props.vpcCidr,
    layout: props.layout,
    zones: subnetLayout(vpc, props.availabilityZones, props.layout),
    natGatewayMode: props.natGatewayMode,
    natGateways: props.natGatewayMode === NatGatewayMode.PER_AZ ? props.availabilityZones.length : 1,
    clusterNames: props.clusterNames,
  };
}
