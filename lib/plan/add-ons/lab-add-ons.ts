import type { AddOnSpec } from './add-on-spec';
import { coreDns } from './coredns';
import { ebsCsiDriver } from './ebs-csi-driver';
import { kubeProxy } from './kube-proxy';
import { metricsServer } from './metrics-server';
import { podIdentityAgent } from './pod-identity-agent';
import { vpcCni } from './vpc-cni';

/**
 * The EKS add-ons of every lab, in the order they are created within their phase (see
 * {@link AddOnSpec.phase}). Each is installed at the default version EKS picks for the cluster's
 * Kubernetes version.
 * @see https://docs.aws.amazon.com/eks/latest/userguide/eks-add-ons.html
 */
export const LAB_ADD_ONS: readonly AddOnSpec[] = [vpcCni, podIdentityAgent, kubeProxy, coreDns, metricsServer, ebsCsiDriver];
