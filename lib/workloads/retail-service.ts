import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DeploymentV1 } from '@cdktf/provider-kubernetes/lib/deployment-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceRequirements, resourcesBlock, restrictedContainerSecurityContext } from './container-security';
import { assertValid, dns1123LabelProblem, imagePinProblem } from './kubernetes-names';
import { CREATED_BY_LABELS } from './workshop-labels';

/** An HTTP probe on the service's port. Timings are Kubernetes' defaults unless set. */
export interface HttpProbe {
  /** Path, e.g. `/actuator/health/liveness`. */
  readonly path: string;
  /** Seconds after the container starts before the first check. @default 0 */
  readonly initialDelaySeconds?: number;
  /** Seconds between checks. @default 10 */
  readonly periodSeconds?: number;
  /** Consecutive successes that make the pod Ready again (readiness only). @default 1 */
  readonly successThreshold?: number;
  /** Consecutive failures before the kubelet acts (restarts, or marks the pod unready). @default 3 */
  readonly failureThreshold?: number;
}

/** Props of {@link RetailService}. */
export interface RetailServiceProps {
  /**
   * Name of the Deployment, Service, ConfigMap and ServiceAccount, and the pods'
   * `app.kubernetes.io/name` and `instance` labels, e.g. `catalog`.
   */
  readonly name: string;
  /** Namespace (pass the namespace resource's name so everything depends on it). */
  readonly namespace: string;
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /** Settings the service reads from its environment: the ConfigMap named like the service. */
  readonly settings: Readonly<Record<string, string>>;
  /**
   * Name of a Secret whose keys become environment variables too (its credentials). Pass the Secret
   * resource's name so the Deployment depends on it.
   * @default - none
   */
  readonly secretName?: string;
  /** Literal environment variables on the container. @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /**
   * Expose the pod's name, namespace and node as `METADATA_KUBERNETES_POD_NAME`, `..._NAMESPACE` and
   * `..._NODE_NAME` (the UI shows them).
   * @default false
   */
  readonly podMetadataEnv?: boolean;
  /** Liveness probe. @default - none */
  readonly livenessProbe?: HttpProbe;
  /**
   * Startup probe: liveness and readiness checks begin only once it has passed, so a slow start is
   * not mistaken for a hung service. @default - none
   * @see https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/#startup-probe
   */
  readonly startupProbe?: HttpProbe;
  /** Readiness probe: the Deployment is available, and deploy returns, only once it passes. */
  readonly readinessProbe: HttpProbe;
  /** Requests and limits. */
  readonly resources: ResourceRequirements;
  /** Path Prometheus scrapes on the service port (pod annotations). */
  readonly metricsPath: string;
  /**
   * More pod annotations. A value that changes rolls the Deployment: the store passes its database
   * StatefulSet's UID, so that the service restarts (and migrates and seeds again) once its database
   * has been re-created empty.
   * @default {}
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /** Non-root user (and group, and fsGroup) the container runs as. @default 1000 */
  readonly runAsUser?: number;
  /** What must exist and be ready first (the service's database). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Labels that select the service's pods. */
export interface RetailServiceSelector {
  /** The service, e.g. `catalog`. */
  readonly 'app.kubernetes.io/name': string;
  /** The same name (one instance per lab). */
  readonly 'app.kubernetes.io/instance': string;
  /** Always `service`. */
  readonly 'app.kubernetes.io/component': string;
}

/** Container port every service of the sample application listens on. */
export const RETAIL_SERVICE_CONTAINER_PORT = 8080;
/** Port of every service's ClusterIP Service (`http://<name>.<namespace>.svc:80`). */
export const RETAIL_SERVICE_PORT = 80;

/**
 * One service of the retail store sample application, as the workshop's base application deploys
 * it: a Deployment of one replica, a ClusterIP Service `<name>:80` to the container port `http`
 * (8080), its settings in a ConfigMap and its credentials from a Secret (both as environment), and a
 * ServiceAccount of its own. Pods run non-root with a read-only root filesystem (an in-memory `/tmp`),
 * no capabilities, no privilege escalation, the runtime's seccomp profile and no API token. deploy
 * waits for the rollout: the Deployment is available once the readiness probe passes.
 *
 * @see https://github.com/aws-containers/retail-store-sample-app/tree/v1.6.2/src (each service's chart/templates)
 */
export class RetailService extends Construct {
  /** The Deployment. */
  public readonly deployment: DeploymentV1;
  /** The ClusterIP Service. */
  public readonly service: ServiceV1;
  /** The settings. */
  public readonly configMap: ConfigMapV1;
  /** The pods' identity (no API token is mounted). */
  public readonly serviceAccount: ServiceAccountV1;
  /** Resolved name. */
  public readonly name: string;
  /** Labels that select the pods. */
  public readonly selector: RetailServiceSelector;
  /** `http://<name>.<namespace>.svc:80`, the address other services use. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: RetailServiceProps) {
    super(scope, id);
    const owner = `RetailService ${props.name}`;
    this.name = props.name;
    assertValid(owner, 'name', props.name, dns1123LabelProblem(props.name));
    assertValid(owner, 'image', props.image, imagePinProblem(props.image));
    const runAsUser = props.runAsUser ?? 1000;
    if (!Number.isInteger(runAsUser) || runAsUser < 1) {
      assertValid(owner, 'runAsUser', runAsUser, 'must be a whole number >= 1 (a non-root user)');
    }
    for (const [key, probe] of [['livenessProbe', props.livenessProbe], ['readinessProbe', props.readinessProbe], ['startupProbe', props.startupProbe]] as const) {
      if (probe && !probe.path.startsWith('/')) assertValid(owner, `${key}.path`, probe.path, 'must be an absolute path starting with /');
    }

    this.selector = {
      'app.kubernetes.io/name': props.name,
      'app.kubernetes.io/instance': props.name,
      'app.kubernetes.io/component': 'service',
    };
    const objectLabels = { ...this.selector, ...CREATED_BY_LABELS };
    const metadata = { name: props.name, namespace: props.namespace, labels: objectLabels };
    this.url = `http://${props.name}.${props.namespace}.svc:${RETAIL_SERVICE_PORT}`;

    this.serviceAccount = new ServiceAccountV1(this, 'ServiceAccount', { metadata, automountServiceAccountToken: false });
    this.configMap = new ConfigMapV1(this, 'Config', { metadata, data: { ...props.settings } });

    const httpProbe = (probe: HttpProbe) => ({
      httpGet: { path: probe.path, port: String(RETAIL_SERVICE_CONTAINER_PORT) },
      initialDelaySeconds: probe.initialDelaySeconds,
      periodSeconds: probe.periodSeconds,
      successThreshold: probe.successThreshold,
      failureThreshold: probe.failureThreshold,
    });
    const fieldEnv = (name: string, fieldPath: string) => ({ name, valueFrom: { fieldRef: { fieldPath } } });
    const env = [
      ...Object.entries(props.env ?? {}).map(([name, value]) => ({ name, value })),
      ...(props.podMetadataEnv
        ? [
            fieldEnv('METADATA_KUBERNETES_POD_NAME', 'metadata.name'),
            fieldEnv('METADATA_KUBERNETES_NAMESPACE', 'metadata.namespace'),
            fieldEnv('METADATA_KUBERNETES_NODE_NAME', 'spec.nodeName'),
          ]
        : []),
    ];

    this.deployment = new DeploymentV1(this, 'Deployment', {
      // The workshop labels its Deployments for `kubectl get deployment -l ...`; the pods carry the selector.
      metadata: { name: props.name, namespace: props.namespace, labels: { ...CREATED_BY_LABELS, 'app.kubernetes.io/type': 'app' } },
      // deploy returns when the pod is Ready (readiness probe), not when the object is accepted.
      waitForRollout: true,
      spec: {
        replicas: '1',
        selector: { matchLabels: { ...this.selector } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '1' } },
        template: {
          metadata: {
            labels: { ...this.selector, ...CREATED_BY_LABELS },
            annotations: {
              'prometheus.io/scrape': 'true',
              'prometheus.io/port': String(RETAIL_SERVICE_CONTAINER_PORT),
              'prometheus.io/path': props.metricsPath,
              ...props.podAnnotations,
            },
          },
          spec: {
            serviceAccountName: this.serviceAccount.metadata.name,
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(runAsUser),
              runAsGroup: String(runAsUser),
              fsGroup: String(runAsUser),
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: props.name,
                image: props.image,
                imagePullPolicy: 'IfNotPresent',
                port: [{ name: 'http', containerPort: RETAIL_SERVICE_CONTAINER_PORT, protocol: 'TCP' }],
                env: env.length > 0 ? env : undefined,
                envFrom: [
                  { configMapRef: { name: this.configMap.metadata.name } },
                  ...(props.secretName ? [{ secretRef: { name: props.secretName } }] : []),
                ],
                startupProbe: props.startupProbe ? httpProbe(props.startupProbe) : undefined,
                livenessProbe: props.livenessProbe ? httpProbe(props.livenessProbe) : undefined,
                readinessProbe: httpProbe(props.readinessProbe),
                resources: resourcesBlock(props.resources),
                securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
                volumeMount: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            // Tomcat and the JVM need a writable /tmp; in memory as upstream, counted in the memory limit.
            volume: [{ name: 'tmp', emptyDir: { medium: 'Memory' } }],
          },
        },
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });

    this.service = new ServiceV1(this, 'Service', {
      metadata,
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selector },
        port: [{ name: 'http', port: RETAIL_SERVICE_PORT, targetPort: 'http', protocol: 'TCP' }],
      },
    });
  }
}
