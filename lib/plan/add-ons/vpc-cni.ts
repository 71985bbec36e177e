import { VPC_CNI_PREFIX_SETTINGS } from '../address-plan';
import { VPC_CNI_SERVICE_ACCOUNT } from '../lab-names';
import { AddOnPhase, AddOnSpec, AddonName } from './add-on-spec';

/**
 * The Amazon VPC CNI, as the workshop runs it: prefix delegation (more pods per node) and the network
 * policy agent. Before the nodes: nodes that join before it is configured come up without prefix
 * delegation.
 *
 * Its permissions (`AmazonEKS_CNI_Policy`) are on a role of its own, which `aws-node` gets through EKS
 * Pod Identity, not on the node role: every pod on the host network (where the IMDS hop limit does
 * not apply) can use the node role's, and EKS recommends the separate role. The node role then needs
 * none ("If you don't use IRSA or EKS Pod Identity to give permissions to the VPC CNI pods, then you
 * must provide permissions for the VPC CNI on the instance role"). A new node still becomes Ready:
 * the Pod Identity agent is a host-network DaemonSet that tolerates every taint (so it runs on a node
 * that is not Ready yet) and uses the node role to fetch aws-node's credentials, and both add-ons and
 * the association exist before the first node joins; aws-node retries until the agent answers
 * (without the agent it crash-loops, aws/amazon-vpc-cni-k8s#3840).
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-increase-ip-addresses.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html
 * @see https://docs.aws.amazon.com/eks/latest/userguide/cni-iam-role.html ("also supports Amazon EKS Pod Identities"; "We recommend that you assign it to a separate role")
 * @see https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html (the CNI policy on the node role only without IRSA or Pod Identity)
 * @see https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html (the agent "uses the hostNetwork of the node")
 * @see https://github.com/aws/eks-pod-identity-agent/blob/main/charts/eks-pod-identity-agent/values.yaml (tolerations: operator Exists)
 */
export const vpcCni: AddOnSpec = {
  name: AddonName.VPC_CNI,
  constructId: 'VpcCni',
  phase: AddOnPhase.BEFORE_NODES,
  neededToReleaseVolumes: true,
  configuration: () => ({ env: { ...VPC_CNI_PREFIX_SETTINGS }, enableNetworkPolicy: 'true' }),
  podIdentity: {
    roleConstructId: 'VpcCniRole',
    serviceAccount: VPC_CNI_SERVICE_ACCOUNT,
    roleName: (lab) => lab.names.vpcCniRole,
    // The managed policy AWS maintains for the CNI's role (IPv4 clusters).
    managedPolicies: ['AmazonEKS_CNI_Policy'],
  },
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
