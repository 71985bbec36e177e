import { Testing } from 'cdktf';
import { CartsDynamoDb, CartsDynamoDbProps } from '../../lib/workloads/carts-dynamo-db';
import { StackJson, oneResource, resourcesOf } from '../support/fixtures';

type Spec = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function synthDynamo(props: Partial<CartsDynamoDbProps> = {}): { db: CartsDynamoDb; json: StackJson } {
  let db: CartsDynamoDb | undefined;
  const json = JSON.parse(
    Testing.synthScope((scope) => {
      db = new CartsDynamoDb(scope, 'Dynamo', { namespace: 'carts', ...props });
    }),
  ) as StackJson;
  return { db: db!, json };
}

describe('CartsDynamoDb', () => {
  test('defaults: DynamoDB Local 1.25.1 from ECR Public, Service :8000, generated credentials, isolated to its namespace', () => {
    const { db, json } = synthDynamo();
    expect(db.endpoint).toBe('http://carts-dynamodb:8000');
    const [, deployment] = oneResource(json, 'kubernetes_deployment_v1');
    expect(deployment.wait_for_rollout).toBe(true);
    expect(deployment.metadata).toEqual({ name: 'carts-dynamodb', namespace: 'carts', labels: { 'app.kubernetes.io/created-by': 'eks-workshop', 'app.kubernetes.io/team': 'database' } });
    const pod = (deployment.spec as Spec).template;
    expect(pod.metadata.labels).toEqual({ ...db.selector, 'app.kubernetes.io/created-by': 'eks-workshop', 'app.kubernetes.io/team': 'database' });
    const [container] = pod.spec.container;
    expect(container).toMatchObject({
      image: 'public.ecr.aws/aws-dynamodb-local/aws-dynamodb-local:1.25.1',
      port: [{ name: 'dynamodb', container_port: 8000 }],
      readiness_probe: { tcp_socket: [{ port: 'dynamodb' }] },
      resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      security_context: { allow_privilege_escalation: false, capabilities: { drop: ['ALL'] } },
    });
    expect(pod.spec.security_context).toMatchObject({ run_as_non_root: true, run_as_user: '1000' });
    const passwords = Object.keys(resourcesOf(json, 'random_password'));
    expect(passwords).toHaveLength(2);
    const [, secret] = oneResource(json, 'kubernetes_secret_v1');
    expect(Object.values(secret.data as Record<string, string>).every((v) => /^\$\{random_password\.\S+\.result\}$/.test(v))).toBe(true);
    const [, policy] = oneResource(json, 'kubernetes_network_policy_v1');
    expect(policy.spec).toEqual({ pod_selector: { match_labels: db.selector }, policy_types: ['Ingress'], ingress: [{ from: [{ pod_selector: {} }], ports: [{ port: '8000', protocol: 'TCP' }] }] });
  });

  test('overrides: image and resources', () => {
    const { json } = synthDynamo({ image: 'amazon/dynamodb-local:1.25.1', resources: { requests: { cpu: '50m', memory: '256Mi' }, limits: { cpu: '500m', memory: '256Mi' } } });
    const [container] = (oneResource(json, 'kubernetes_deployment_v1')[1].spec as Spec).template.spec.container;
    expect(container.image).toBe('amazon/dynamodb-local:1.25.1');
    expect(container.resources.requests).toEqual({ cpu: '50m', memory: '256Mi' });
  });

  test('rejects an unpinned image', () => {
    expect(() => synthDynamo({ image: 'amazon/dynamodb-local' })).toThrow(/CartsDynamoDb carts-dynamodb: image \("amazon\/dynamodb-local"\) must be pinned to a tag or digest/);
  });
});
