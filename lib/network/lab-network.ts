import { Ec2SubnetCidrReservation } from '@cdktf/provider-aws/lib/ec2-subnet-cidr-reservation';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { NatGatewayMode } from '../config/lab-config';
import type { NetworkPlan } from '../plan/network-plan';
import type { ZoneSubnets } from '../plan/subnet-layout';

/** Props of {@link LabNetwork}. */
export interface LabNetworkProps {
  /** The network: name prefix, VPC CIDR, the subnets of each zone and the NAT gateway layout. */
  readonly plan: NetworkPlan;
}

/** What the cluster layer needs from the network. */
export interface LabNetworkInfo {
  /** VPC ID. */
  readonly vpcId: string;
  /** Private subnet IDs, one per zone in zone order (nodes, pods, control-plane ENIs). */
  readonly privateSubnetIds: readonly string[];
  /** Public subnet IDs, one per zone in zone order (internet-facing load balancers, NAT). */
  readonly publicSubnetIds: readonly string[];
}

/**
 * The workshop's VPC: public and private subnets in each zone, an internet gateway, and NAT for
 * the private subnets (one gateway by default, or one per zone).
 *
 * Subnets carry the tags the AWS Load Balancer Controller uses to pick them, and private subnet
 * names contain `Private`, which the workshop's scripts filter on.
 *
 * @see https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html
 */
export class LabNetwork extends Construct implements LabNetworkInfo {
  /** VPC ID. */
  public readonly vpcId: string;
  /** Private subnet IDs, in zone order. */
  public readonly privateSubnetIds: readonly string[];
  /** Public subnet IDs, in zone order. */
  public readonly publicSubnetIds: readonly string[];
  /** The resolved subnet layout, zone by zone. */
  public readonly zones: readonly ZoneSubnets[];
  /** The resolved NAT gateway layout. */
  public readonly natGatewayMode: NatGatewayMode;
  /** The NAT gateways (one, or one per zone). */
  public readonly natGateways: readonly NatGateway[];
  /**
   * Everything on the private subnets' way out to the internet, and so to the AWS APIs: the NAT
   * gateways, the private route tables and their associations, and the gateways' own way out (the
   * public route table, its associations and the internet gateway). The nodes need all of it to
   * join the cluster, and whatever calls AWS APIs from the nodes while it is destroyed (the EBS CSI
   * driver deleting volumes) needs it until then: both depend on these.
   */
  public readonly egress: readonly ITerraformDependable[];

  constructor(scope: Construct, id: string, props: LabNetworkProps) {
    super(scope, id);
    const { plan } = props;
    this.zones = plan.zones;
    this.natGatewayMode = plan.natGatewayMode;
    const name = (suffix: string) => ({ Name: `${plan.namePrefix}-${suffix}` });

    const vpc = new Vpc(this, 'Vpc', {
      cidrBlock: plan.vpcCidr,
      enableDnsHostnames: true, // EKS private endpoint and nodes need DNS hostnames
      enableDnsSupport: true,
      tags: name('vpc'),
    });
    this.vpcId = vpc.id;
    const igw = new InternetGateway(this, 'InternetGateway', { vpcId: vpc.id, tags: name('igw') });

    const publicRoutes = new RouteTable(this, 'PublicRoutes', {
      vpcId: vpc.id,
      route: [{ cidrBlock: '0.0.0.0/0', gatewayId: igw.id }],
      tags: name('public'),
    });
    const publicAssociations: RouteTableAssociation[] = [];
    const publicSubnets = this.zones.map((zone, i) => {
      const subnet = new Subnet(this, `PublicSubnet${i + 1}`, {
        vpcId: vpc.id,
        availabilityZone: zone.availabilityZone,
        cidrBlock: zone.publicCidr,
        // Nothing in the lab needs a public IP on launch: nodes are private, NAT uses an EIP.
        mapPublicIpOnLaunch: false,
        tags: { ...name(`PublicSubnet${i + 1}`), 'kubernetes.io/role/elb': '1' },
      });
      publicAssociations.push(
        new RouteTableAssociation(this, `PublicSubnet${i + 1}Routes`, {
          subnetId: subnet.id,
          routeTableId: publicRoutes.id,
        }),
      );
      return subnet;
    });
    this.publicSubnetIds = publicSubnets.map((s) => s.id);

    const natZones = plan.natGateways;
    this.natGateways = Array.from({ length: natZones }, (_, i) => {
      const eip = new Eip(this, `NatEip${i + 1}`, { domain: 'vpc', tags: name(`nat-${i + 1}`) });
      return new NatGateway(this, `NatGateway${i + 1}`, {
        allocationId: eip.allocationId,
        subnetId: publicSubnets[i].id,
        tags: name(`nat-${i + 1}`),
        // The gateway needs the VPC's internet gateway to route; the EIP reference alone does not say so.
        dependsOn: [igw],
      });
    });

    const privateRoutes: ITerraformDependable[] = [];
    this.privateSubnetIds = this.zones.map((zone, i) => {
      const subnet = new Subnet(this, `PrivateSubnet${i + 1}`, {
        vpcId: vpc.id,
        availabilityZone: zone.availabilityZone,
        cidrBlock: zone.privateCidr,
        tags: { ...name(`PrivateSubnet${i + 1}`), 'kubernetes.io/role/internal-elb': '1' },
      });
      // Pod prefixes need aligned free /28 blocks; a `prefix` reservation keeps the nodes' single
      // addresses out of that range. https://docs.aws.amazon.com/eks/latest/best-practices/prefix-mode-linux.html
      zone.prefixReservations.forEach((cidrBlock, r) => {
        new Ec2SubnetCidrReservation(this, `PrivateSubnet${i + 1}PrefixReservation${r + 1}`, {
          subnetId: subnet.id,
          cidrBlock,
          reservationType: 'prefix',
          description: `${plan.namePrefix} pod prefixes (VPC CNI prefix delegation)`,
        });
      });
      const routes = new RouteTable(this, `PrivateRoutes${i + 1}`, {
        vpcId: vpc.id,
        route: [{ cidrBlock: '0.0.0.0/0', natGatewayId: this.natGateways[i % natZones].id }],
        tags: name(`private-${i + 1}`),
      });
      const association = new RouteTableAssociation(this, `PrivateSubnet${i + 1}Routes`, {
        subnetId: subnet.id,
        routeTableId: routes.id,
      });
      privateRoutes.push(routes, association);
      return subnet.id;
    });
    // A NAT gateway forwards to the internet through its public subnet's routes: without them (or the
    // internet gateway) the private subnets lose their way out as surely as without the gateway.
    this.egress = [igw, publicRoutes, ...publicAssociations, ...this.natGateways, ...privateRoutes];
  }
}
