import { Password } from '@cdktf/provider-random/lib/password';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { Construct } from 'constructs';
import { ResourceRequirements, resourcesBlock, restrictedContainerSecurityContext } from './container-security';
import { DatabaseNetworkPolicy } from './database-network-policy';
import { assertValid, imagePinProblem } from './kubernetes-names';
import { DYNAMODB_LOCAL_IMAGE } from './retail-store-images';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link CartsDynamoDb}. */
export interface CartsDynamoDbProps {
  /** Namespace of the carts service (pass the namespace resource's name). */
  readonly namespace: string;
  /** Container image. @default DYNAMODB_LOCAL_IMAGE (DynamoDB Local 1.25.1 from ECR Public) */
  readonly image?: string;
  /** Requests and limits. @default - 100m / 512Mi requested, 1 CPU / 512Mi limit */
  readonly resources?: ResourceRequirements;
}

/** Port DynamoDB Local listens on. */
export const DYNAMODB_LOCAL_PORT = 8000;

/**
 * `carts-dynamodb`: DynamoDB Local for the carts service, as the workshop's base application runs it
 * (a Deployment and a Service `carts-dynamodb:8000`). It keeps its tables in memory (the image's
 * default `-inMemory`), so carts are empty again after its pod restarts, as upstream.
 *
 * Beyond upstream: a NetworkPolicy admits only pods of the carts namespace on port 8000 (like the
 * three data stores), the pod runs as a non-root user without capabilities or privilege escalation,
 * with requests, limits and a TCP readiness probe (so deploy waits until it accepts connections), and
 * the credentials the carts service presents are generated into the Secret `carts-db` instead of
 * literals in a ConfigMap (DynamoDB Local accepts any key).
 *
 * @see https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/DynamoDBLocal.UsageNotes.html
 */
export class CartsDynamoDb extends Construct {
  /** The Deployment. */
  public readonly deployment: DeploymentV1;
  /** The Service. */
  public readonly service: ServiceV1;
  /** `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` for the carts service. */
  public readonly credentials: SecretV1;
  /** Ingress isolation: only pods of the carts namespace reach it, on its port. */
  public readonly networkPolicy: DatabaseNetworkPolicy;
  /** `http://carts-dynamodb:8000`, the endpoint carts uses (same namespace). */
  public readonly endpoint: string;
  /** Labels that select the pods. */
  public readonly selector: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: CartsDynamoDbProps) {
    super(scope, id);
    const name = 'carts-dynamodb';
    const image = props.image ?? DYNAMODB_LOCAL_IMAGE;
    assertValid(`CartsDynamoDb ${name}`, 'image', image, imagePinProblem(image));
    this.selector = { 'app.kubernetes.io/name': 'carts', 'app.kubernetes.io/instance': 'carts', 'app.kubernetes.io/component': 'dynamodb' };
    const labels = { ...CREATED_BY_LABELS, 'app.kubernetes.io/team': 'database' };
    this.endpoint = `http://${name}:${DYNAMODB_LOCAL_PORT}`;

    const generated = (key: string) => new Password(this, `Password-${key}`, { length: 24, special: false }).result;
    this.credentials = new SecretV1(this, 'Credentials', {
      metadata: { name: 'carts-db', namespace: props.namespace, labels },
      type: 'Opaque',
      data: { AWS_ACCESS_KEY_ID: generated('AWS_ACCESS_KEY_ID'), AWS_SECRET_ACCESS_KEY: generated('AWS_SECRET_ACCESS_KEY') },
    });

    // The kubelet probes from the node's address, which the VPC CNI's policy agent always admits, so
    // the NetworkPolicy below does not block these TCP checks (aws/aws-network-policy-agent#65).
    const tcpProbe = (extra: Record<string, number>) => ({ tcpSocket: [{ port: 'dynamodb' }], periodSeconds: 10, ...extra });
    this.deployment = new DeploymentV1(this, 'Deployment', {
      metadata: { name, namespace: props.namespace, labels },
      waitForRollout: true,
      spec: {
        replicas: '1',
        selector: { matchLabels: { ...this.selector } },
        template: {
          metadata: { labels: { ...this.selector, ...labels } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: {
              // The image's user `dynamodblocal` is not numeric, so runAsNonRoot needs an explicit uid; the
              // jar and its native libraries are world-readable and nothing is written but /tmp.
              runAsNonRoot: true,
              runAsUser: '1000',
              runAsGroup: '1000',
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: 'dynamodb',
                image,
                imagePullPolicy: 'IfNotPresent',
                port: [{ name: 'dynamodb', containerPort: DYNAMODB_LOCAL_PORT, protocol: 'TCP' }],
                readinessProbe: tcpProbe({ failureThreshold: 3 }),
                livenessProbe: tcpProbe({ initialDelaySeconds: 30, failureThreshold: 3 }),
                resources: resourcesBlock(props.resources ?? { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '512Mi' } }),
                // Like the data stores: the JVM writes its perf data and temporary files.
                securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
              },
            ],
          },
        },
      },
    });

    this.service = new ServiceV1(this, 'Service', {
      metadata: { name, namespace: props.namespace, labels },
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selector },
        port: [{ name: 'dynamodb', port: DYNAMODB_LOCAL_PORT, targetPort: 'dynamodb', protocol: 'TCP' }],
      },
    });

    this.networkPolicy = new DatabaseNetworkPolicy(this, 'NetworkPolicy', {
      name,
      namespace: props.namespace,
      podSelector: this.selector,
      port: DYNAMODB_LOCAL_PORT,
      labels,
    });
  }
}
