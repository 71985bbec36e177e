import { ClusterCreator, clusterOrigin, ClusterOrigin } from './cluster-tags';

/** What a removal hint is computed from. */
export interface RemovalSubject {
  /** Service part of the ARN, e.g. `ec2`. */
  readonly service: string;
  /** Resource type within the service, e.g. `volume`. */
  readonly resourceType: string;
  /** The resource's id (for EKS resources below a cluster: `<cluster>/<name>/...`). */
  readonly id: string;
  /** The ARN. @default - none (found by an EC2 describe call only) */
  readonly arn?: string;
  /** State as the service reports it. @default - unknown */
  readonly state?: string;
  /** The EC2 instance a volume or network interface is attached to. @default - none */
  readonly attachedInstanceId?: string;
  /** For a network interface another AWS service manages: that service (e.g. `amazon-elb`). @default - none */
  readonly managedBy?: string;
  /**
   * The resource's tags: they tell what Kubernetes or EKS created (load balancers, their security
   * groups, the cluster security group). @default - none
   */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Where the resources are, and what the configuration can still destroy. */
export interface RemovalContext {
  /** Region of the resources. */
  readonly region: string;
  /** The `npx cdktf destroy ...` command of the lab with this cluster name; undefined when the configuration has no such lab. */
  readonly destroyCommandOf: (clusterName: string) => string | undefined;
}

/**
 * How to remove one leftover: the AWS CLI command that deletes it, what has to go first when it is
 * still attached, the `cdktf destroy` of its stacks for an EKS cluster, or the console for a
 * resource type without a known command. For a load balancer, target group or security group that
 * Kubernetes created for a Service (or Ingress), first deleting that object while the cluster exists:
 * left in the cluster, it re-creates them.
 */
export function removalHint(subject: RemovalSubject, context: RemovalContext): string {
  const r = `--region ${context.region}`;
  const { id } = subject;
  switch (`${subject.service}:${subject.resourceType}`) {
    case 'ec2:volume':
      return volumeHint(subject, r);
    case 'ec2:network-interface':
      return networkInterfaceHint(subject, r);
    case 'ec2:instance':
      return `aws ec2 terminate-instances ${r} --instance-ids ${id}`;
    case 'ec2:vpc':
      return `aws ec2 delete-vpc ${r} --vpc-id ${id} (after its subnets, gateways and network interfaces)`;
    case 'ec2:subnet':
      return `aws ec2 delete-subnet ${r} --subnet-id ${id} (after the network interfaces in it)`;
    case 'ec2:security-group':
      return securityGroupHint(subject, r, context);
    case 'ec2:natgateway':
      return `aws ec2 delete-nat-gateway ${r} --nat-gateway-id ${id}`;
    case 'ec2:elastic-ip':
      return `aws ec2 release-address ${r} --allocation-id ${id} (after its NAT gateway is deleted)`;
    case 'ec2:internet-gateway':
      return `aws ec2 detach-internet-gateway ${r} --internet-gateway-id ${id} --vpc-id <its VPC>, then aws ec2 delete-internet-gateway ${r} --internet-gateway-id ${id}`;
    case 'ec2:route-table':
      return `aws ec2 delete-route-table ${r} --route-table-id ${id}`;
    case 'ec2:launch-template':
      return `aws ec2 delete-launch-template ${r} --launch-template-id ${id}`;
    case 'eks:cluster':
      return (
        context.destroyCommandOf(id) ??
        `aws eks delete-cluster ${r} --name ${id} (after its node groups: aws eks list-nodegroups ${r} --cluster-name ${id})`
      );
    case 'eks:nodegroup':
      return `aws eks delete-nodegroup ${r} --cluster-name ${part(id, 0)} --nodegroup-name ${part(id, 1)}`;
    case 'eks:addon':
      return `aws eks delete-addon ${r} --cluster-name ${part(id, 0)} --addon-name ${part(id, 1)}`;
    case 'eks:podidentityassociation':
      return `aws eks delete-pod-identity-association ${r} --cluster-name ${part(id, 0)} --association-id ${part(id, 1)}`;
    case 'eks:access-entry':
      return `goes with its cluster (aws eks delete-cluster ${r} --name ${part(id, 0)}), or: aws eks list-access-entries ${r} --cluster-name ${part(id, 0)}, then aws eks delete-access-entry`;
    case 'logs:log-group':
      return `aws logs delete-log-group ${r} --log-group-name ${id.replace(/:\*$/, '')}`;
    case 'kms:key':
      return `aws kms schedule-key-deletion ${r} --key-id ${id} --pending-window-in-days 7`;
    case 'iam:role':
      return `aws iam delete-role --role-name ${id.split('/').pop()} (detach its policies first: aws iam list-attached-role-policies)`;
    case 'elasticloadbalancing:loadbalancer':
      return kubernetesObjectFirst(
        subject,
        /^(app|net|gwy)\//.test(id)
          ? `aws elbv2 delete-load-balancer ${r} --load-balancer-arn ${subject.arn ?? id}`
          : `aws elb delete-load-balancer ${r} --load-balancer-name ${id}`,
      );
    case 's3:bucket':
      return `aws s3 rb s3://${id} --force (deletes its objects too; if it holds Terraform state, only after every stack is destroyed)`;
    case 'elasticloadbalancing:targetgroup':
      return kubernetesObjectFirst(subject, `aws elbv2 delete-target-group ${r} --target-group-arn ${subject.arn ?? id} (after its load balancer)`);
    default:
      return `no CLI hint for ${subject.service} ${subject.resourceType}: delete it in the AWS console (${subject.service}): ${subject.arn ?? id}`;
  }
}

function volumeHint(subject: RemovalSubject, r: string): string {
  const del = `aws ec2 delete-volume ${r} --volume-id ${subject.id}`;
  if (subject.state === 'in-use' || subject.attachedInstanceId !== undefined) {
    const instance = subject.attachedInstanceId ?? 'an instance';
    return `attached to ${instance}: destroy the lab's stacks or terminate the instance (aws ec2 terminate-instances ${r} --instance-ids ${instance}) first, then ${del}`;
  }
  if (subject.state === 'deleting' || subject.state === 'creating') {
    return `${subject.state}: check again in a few minutes; if it stays, ${del}`;
  }
  return del;
}

function networkInterfaceHint(subject: RemovalSubject, r: string): string {
  const del = `aws ec2 delete-network-interface ${r} --network-interface-id ${subject.id}`;
  if (subject.managedBy !== undefined) {
    return `managed by ${subject.managedBy}: it goes when the resource it serves is deleted (load balancer, NAT gateway, EKS cluster); if it stays, ${del}`;
  }
  if (subject.attachedInstanceId !== undefined || (subject.state !== undefined && subject.state !== 'available')) {
    const instance = subject.attachedInstanceId ?? 'an instance';
    return `attached to ${instance}: terminate the instance (aws ec2 terminate-instances ${r} --instance-ids ${instance}) or detach it first, then ${del}`;
  }
  return del;
}

function securityGroupHint(subject: RemovalSubject, r: string, context: RemovalContext): string {
  const origin = clusterOrigin(subject.tags);
  const del = `aws ec2 delete-security-group ${r} --group-id ${subject.id}`;
  if (origin?.creator === ClusterCreator.EKS) {
    const deleteCluster = context.destroyCommandOf(origin.clusterName) ?? `aws eks delete-cluster ${r} --name ${origin.clusterName}`;
    return `created by EKS for cluster ${origin.clusterName}: it goes with the cluster (${deleteCluster}); if it stays, ${del} (after the network interfaces that use it)`;
  }
  if (origin?.creator === ClusterCreator.KUBERNETES) {
    return kubernetesObjectFirst(subject, `${del} (after its load balancer, the network interfaces that use it and the rules of other groups that reference it)`);
  }
  return `${del} (after the network interfaces that use it)`;
}

/**
 * `command`, preceded by deleting the Kubernetes object that created the resource: while that object is
 * in the cluster, its controller re-creates what was deleted by hand.
 */
function kubernetesObjectFirst(subject: RemovalSubject, command: string): string {
  const origin = clusterOrigin(subject.tags);
  if (origin?.creator !== ClusterCreator.KUBERNETES) return command;
  return `${createdFor(origin)}: ${deleteObjectFirst(origin)}; once the cluster is gone, or if it stays: ${command}`;
}

function createdFor(origin: ClusterOrigin): string {
  const { object } = origin;
  const what = object === undefined ? 'a load balancer' : `${object.kind} ${object.namespace === undefined ? object.name : `${object.namespace}/${object.name}`}`;
  return `created by Kubernetes for ${what} of cluster ${origin.clusterName}`;
}

function deleteObjectFirst(origin: ClusterOrigin): string {
  // kubectl contexts are named like the cluster (LabEnvironment.updateKubeconfigCommand uses --alias).
  const context = `--context ${origin.clusterName}`;
  const { object } = origin;
  if (object === undefined) {
    return `a LoadBalancer Service left in the cluster re-creates it, so while the cluster exists delete the Services of type LoadBalancer first (kubectl get services -A ${context} lists them)`;
  }
  const kind = object.kind.toLowerCase();
  const left = object.kind === 'Service' ? 'a LoadBalancer Service' : 'an Ingress';
  if (object.namespace === undefined) {
    return `${left} left in the cluster re-creates it, so while the cluster exists delete the Ingresses of group ${object.name} first (kubectl get ingress -A ${context} lists them)`;
  }
  return `${left} left in the cluster re-creates it, so while the cluster exists delete the ${object.kind} first (kubectl delete ${kind} ${object.name} -n ${object.namespace} ${context})`;
}

/** The `index`th `/`-separated part of an EKS sub-resource id (`<cluster>/<name>/<uuid>`). */
function part(id: string, index: number): string {
  return id.split('/')[index] ?? id;
}
