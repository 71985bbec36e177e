import { VPC_CNI_PREFIX_SETTINGS } from '../address-plan';
import { AddOnPhase, AddOnSpec, AddonName } from './add-on-spec';

/**
 * The Amazon VPC CNI, as the workshop runs it: prefix delegation (more pods per node) and the network
 * policy agent. Before the nodes: nodes that join before it is configured come up without prefix
 * delegation.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 */
export const vpcCni: AddOnSpec = {
  name: AddonName.VPC_CNI,
  constructId: 'VpcCni',
  phase: AddOnPhase.BEFORE_NODES,
  neededToReleaseVolumes: true,
  configuration: () => ({ env: { ...VPC_CNI_PREFIX_SETTINGS }, enableNetworkPolicy: 'true' }),
  pods: [
    {
      name: 'aws-node',
      perNode: true,
      // aws-node runs on the host network (it is the CNI)
      hostNetwork: true,
      replicas: 1,
      // aws-node and, with network policy on, aws-eks-nodeagent, which inherits the request.
      containers: 2,
      cpuMillicores: 25,
      memoryMiB: 0,
      source: 'aws/amazon-vpc-cni-k8s charts/aws-vpc-cni/values.yaml resources.requests.cpu: 25m',
    },
  ],
};
