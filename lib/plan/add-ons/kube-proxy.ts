import { AddOnPhase, AddOnSpec, AddonName } from './add-on-spec';

/**
 * kube-proxy, before the nodes: with `bootstrap_self_managed_addons` off nothing else installs it,
 * and aws-node reaches the API server through the `kubernetes` Service ClusterIP, which only
 * kube-proxy makes routable; nodes would stay NotReady.
 * @see https://github.com/aws/amazon-vpc-cni-k8s/issues/625
 */
export const kubeProxy: AddOnSpec = {
  name: AddonName.KUBE_PROXY,
  constructId: 'KubeProxy',
  phase: AddOnPhase.BEFORE_NODES,
  neededToReleaseVolumes: true,
  pods: [
    {
      name: 'kube-proxy',
      perNode: true,
      hostNetwork: true,
      replicas: 1,
      containers: 1,
      cpuMillicores: 100,
      memoryMiB: 0,
      source: "the EKS add-on's DaemonSet, resources.requests.cpu: 100m",
    },
  ],
};
