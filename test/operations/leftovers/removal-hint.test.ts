import { removalHint, RemovalSubject } from '../../../lib/operations/leftovers/removal-hint';

const context = {
  region: 'eu-west-1',
  destroyCommandOf: (clusterName: string) =>
    clusterName === 'lab-alice' ? 'npx cdktf destroy lab-alice-workloads lab-alice-cluster' : undefined,
};
const hint = (subject: Partial<RemovalSubject> & Pick<RemovalSubject, 'service' | 'resourceType' | 'id'>) => removalHint(subject, context);

describe('removalHint', () => {
  test.each<[string, Parameters<typeof hint>[0], string | RegExp]>([
    ['available volume', { service: 'ec2', resourceType: 'volume', id: 'vol-1', state: 'available' }, 'aws ec2 delete-volume --region eu-west-1 --volume-id vol-1'],
    [
      'in-use volume',
      { service: 'ec2', resourceType: 'volume', id: 'vol-1', state: 'in-use', attachedInstanceId: 'i-9' },
      /^attached to i-9: .*aws ec2 terminate-instances --region eu-west-1 --instance-ids i-9\) first, then aws ec2 delete-volume --region eu-west-1 --volume-id vol-1$/,
    ],
    ['deleting volume', { service: 'ec2', resourceType: 'volume', id: 'vol-1', state: 'deleting' }, /^deleting: check again in a few minutes; if it stays, aws ec2 delete-volume/],
    ['available interface', { service: 'ec2', resourceType: 'network-interface', id: 'eni-1', state: 'available' }, 'aws ec2 delete-network-interface --region eu-west-1 --network-interface-id eni-1'],
    [
      'attached interface',
      { service: 'ec2', resourceType: 'network-interface', id: 'eni-1', state: 'in-use', attachedInstanceId: 'i-9' },
      /^attached to i-9: terminate the instance .* or detach it first, then aws ec2 delete-network-interface --region eu-west-1 --network-interface-id eni-1$/,
    ],
    [
      'interface another service manages',
      { service: 'ec2', resourceType: 'network-interface', id: 'eni-1', state: 'in-use', managedBy: 'amazon-elb' },
      /^managed by amazon-elb: it goes when the resource it serves is deleted/,
    ],
    ['cluster the configuration defines', { service: 'eks', resourceType: 'cluster', id: 'lab-alice' }, 'npx cdktf destroy lab-alice-workloads lab-alice-cluster'],
    ['cluster it does not', { service: 'eks', resourceType: 'cluster', id: 'lab-zoe' }, /^aws eks delete-cluster --region eu-west-1 --name lab-zoe \(after its node groups/],
    ['add-on', { service: 'eks', resourceType: 'addon', id: 'lab-alice/aws-ebs-csi-driver/uuid' }, 'aws eks delete-addon --region eu-west-1 --cluster-name lab-alice --addon-name aws-ebs-csi-driver'],
    ['KMS key', { service: 'kms', resourceType: 'key', id: '1234abcd' }, 'aws kms schedule-key-deletion --region eu-west-1 --key-id 1234abcd --pending-window-in-days 7'],
    ['IAM role', { service: 'iam', resourceType: 'role', id: 'lab-alice-ebs-csi-driver' }, /^aws iam delete-role --role-name lab-alice-ebs-csi-driver \(detach its policies first/],
    [
      'network load balancer',
      { service: 'elasticloadbalancing', resourceType: 'loadbalancer', id: 'net/k8s-ui/abc', arn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/k8s-ui/abc' },
      'aws elbv2 delete-load-balancer --region eu-west-1 --load-balancer-arn arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/net/k8s-ui/abc',
    ],
    ['classic load balancer', { service: 'elasticloadbalancing', resourceType: 'loadbalancer', id: 'a1b2c3' }, 'aws elb delete-load-balancer --region eu-west-1 --load-balancer-name a1b2c3'],
    [
      "a LoadBalancer Service's classic load balancer (in-tree cloud provider)",
      { service: 'elasticloadbalancing', resourceType: 'loadbalancer', id: 'a1b2c3', tags: { 'kubernetes.io/cluster/lab-alice': 'owned', 'kubernetes.io/service-name': 'ui/ui' } },
      'created by Kubernetes for Service ui/ui of cluster lab-alice: a LoadBalancer Service left in the cluster re-creates it, so while the cluster exists ' +
        'delete the Service first (kubectl delete service ui -n ui --context lab-alice); once the cluster is gone, or if it stays: ' +
        'aws elb delete-load-balancer --region eu-west-1 --load-balancer-name a1b2c3',
    ],
    [
      "an Ingress's load balancer (AWS Load Balancer Controller)",
      {
        service: 'elasticloadbalancing',
        resourceType: 'loadbalancer',
        id: 'app/k8s-ui/abc',
        arn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/k8s-ui/abc',
        tags: { 'elbv2.k8s.aws/cluster': 'lab-alice', 'ingress.k8s.aws/stack': 'ui/ui' },
      },
      /^created by Kubernetes for Ingress ui\/ui of cluster lab-alice: an Ingress left in the cluster re-creates it, so while the cluster exists delete the Ingress first \(kubectl delete ingress ui -n ui --context lab-alice\); once the cluster is gone, or if it stays: aws elbv2 delete-load-balancer /,
    ],
    [
      "an IngressGroup's load balancer",
      { service: 'elasticloadbalancing', resourceType: 'loadbalancer', id: 'app/k8s-shop/abc', tags: { 'elbv2.k8s.aws/cluster': 'lab-alice', 'ingress.k8s.aws/stack': 'shop' } },
      /^created by Kubernetes for Ingress shop of cluster lab-alice: .* delete the Ingresses of group shop first \(kubectl get ingress -A --context lab-alice lists them\)/,
    ],
    [
      'a load balancer of the cluster, for an unknown object',
      { service: 'elasticloadbalancing', resourceType: 'loadbalancer', id: 'a1b2c3', tags: { 'kubernetes.io/cluster/lab-alice': 'owned' } },
      /^created by Kubernetes for a load balancer of cluster lab-alice: .* delete the Services of type LoadBalancer first \(kubectl get services -A --context lab-alice lists them\); .*: aws elb delete-load-balancer --region eu-west-1 --load-balancer-name a1b2c3$/,
    ],
    [
      "a load balancer controller's target group",
      {
        service: 'elasticloadbalancing',
        resourceType: 'targetgroup',
        id: 'k8s-ui-ui-80/abc',
        arn: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/k8s-ui-ui-80/abc',
        tags: { 'elbv2.k8s.aws/cluster': 'lab-alice', 'service.k8s.aws/stack': 'ui/ui' },
      },
      /^created by Kubernetes for Service ui\/ui of cluster lab-alice: .*\(kubectl delete service ui -n ui --context lab-alice\); .*: aws elbv2 delete-target-group --region eu-west-1 --target-group-arn arn:\S+targetgroup\/k8s-ui-ui-80\/abc \(after its load balancer\)$/,
    ],
    [
      'security group of the lab',
      { service: 'ec2', resourceType: 'security-group', id: 'sg-1', tags: { lab: 'lab' } },
      'aws ec2 delete-security-group --region eu-west-1 --group-id sg-1 (after the network interfaces that use it)',
    ],
    [
      "security group of a LoadBalancer Service's load balancer",
      { service: 'ec2', resourceType: 'security-group', id: 'sg-1', tags: { 'kubernetes.io/cluster/lab-alice': 'owned', 'kubernetes.io/service-name': 'ui/ui' } },
      /^created by Kubernetes for Service ui\/ui of cluster lab-alice: .*; once the cluster is gone, or if it stays: aws ec2 delete-security-group --region eu-west-1 --group-id sg-1 \(after its load balancer, /,
    ],
    [
      'EKS cluster security group of a cluster the configuration defines',
      { service: 'ec2', resourceType: 'security-group', id: 'sg-1', tags: { 'aws:eks:cluster-name': 'lab-alice', 'kubernetes.io/cluster/lab-alice': 'owned' } },
      'created by EKS for cluster lab-alice: it goes with the cluster (npx cdktf destroy lab-alice-workloads lab-alice-cluster); if it stays, aws ec2 delete-security-group --region eu-west-1 --group-id sg-1 (after the network interfaces that use it)',
    ],
    [
      'EKS cluster security group of a cluster it does not',
      { service: 'ec2', resourceType: 'security-group', id: 'sg-1', tags: { 'aws:eks:cluster-name': 'lab-zoe', 'kubernetes.io/cluster/lab-zoe': 'owned' } },
      /^created by EKS for cluster lab-zoe: it goes with the cluster \(aws eks delete-cluster --region eu-west-1 --name lab-zoe\); if it stays, /,
    ],
    [
      'a resource the cluster only uses (shared) is not Kubernetes-created',
      { service: 'ec2', resourceType: 'security-group', id: 'sg-1', tags: { 'kubernetes.io/cluster/lab-alice': 'shared' } },
      'aws ec2 delete-security-group --region eu-west-1 --group-id sg-1 (after the network interfaces that use it)',
    ],
    [
      'a type without a command',
      { service: 'sqs', resourceType: 'queue', id: 'q', arn: 'arn:aws:sqs:eu-west-1:123456789012:q' },
      'no CLI hint for sqs queue: delete it in the AWS console (sqs): arn:aws:sqs:eu-west-1:123456789012:q',
    ],
  ])('%s', (_name, subject, expected) => {
    if (typeof expected === 'string') expect(hint(subject)).toBe(expected);
    else expect(hint(subject)).toMatch(expected);
  });
});
