import { Password } from '@cdktf/provider-random/lib/password';
import { SecretV1 } from '@cdktf/provider-kubernetes/lib/secret-v1';
import { ServiceV1 } from '@cdktf/provider-kubernetes/lib/service-v1';
import { StatefulSetV1 } from '@cdktf/provider-kubernetes/lib/stateful-set-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ResourceRequirements, resourcesBlock, restrictedContainerSecurityContext } from './container-security';
import { DatabaseEngine } from './database-engine';
import { DatabaseNetworkPolicy } from './database-network-policy';
import { assertValid, dns1123LabelProblem, imagePinProblem, portNameProblem } from './kubernetes-names';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Seconds between two runs of each of the database's probes. */
export const PROBE_PERIOD_SECONDS = 10;

/** A secret value generated at deploy time by the random provider; never written in code or JSON. */
export class GeneratedPassword {
  /**
   * @param length characters (letters and digits only: no quoting trouble in shells or URLs). @default 24
   */
  constructor(public readonly length = 24) {}
}

/** A Secret the database reads, with literal (non-secret) or generated values. */
export interface DatabaseSecret {
  /** Secret name, e.g. `catalog-db`. */
  readonly name: string;
  /** Keys and values; use {@link GeneratedPassword} for anything secret. */
  readonly data: Readonly<Record<string, string | GeneratedPassword>>;
}

/** One environment variable of the database container: a literal, or a key of one of its Secrets. */
export type DatabaseEnvVar =
  | { /** Variable name. */ readonly name: string; /** Literal (non-secret) value. */ readonly value: string }
  | {
      /** Variable name. */
      readonly name: string;
      /** Name of a Secret in `secrets`. */
      readonly secretName: string;
      /** Key of that Secret. */
      readonly secretKey: string;
    };

/** Props of {@link StatefulDatabase}. */
export interface StatefulDatabaseProps {
  /**
   * Name of the StatefulSet and of the Service clients use; the headless Service that governs the
   * StatefulSet is `<name>-headless` (at most 52 characters: pods add a suffix).
   */
  readonly name: string;
  /** Namespace (pass the namespace resource's name so the database depends on it). */
  readonly namespace: string;
  /** Application component, the `app.kubernetes.io/name` and `instance` labels, e.g. `catalog`. */
  readonly component: string;
  /** The engine and its image. */
  readonly engine: DatabaseEngine;
  /** Secrets created with the database. @default [] */
  readonly secrets?: readonly DatabaseSecret[];
  /** Environment of the container, on top of the engine's own. @default [] */
  readonly env?: readonly DatabaseEnvVar[];
  /** Size of each replica's `data` volume, in GiB. @default 10 */
  readonly storageGiB?: number;
  /** StorageClass of the `data` volumes. @default - the cluster's default StorageClass */
  readonly storageClassName?: string;
  /** Requests and limits. @default - the engine's */
  readonly resources?: ResourceRequirements;
  /** Replicas. @default 1 */
  readonly replicas?: number;
  /** What must exist first (e.g. the StorageClass). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Labels that select the database's pods. */
export interface DatabaseSelector {
  /** The application component, e.g. `catalog`. */
  readonly 'app.kubernetes.io/name': string;
  /** The same component name (one instance per lab). */
  readonly 'app.kubernetes.io/instance': string;
  /** The engine label, e.g. `mysql`. */
  readonly 'app.kubernetes.io/component': string;
}

/**
 * A database as a StatefulSet: generated credentials in Secrets, two Services as the upstream charts'
 * clients expect and the StatefulSets page describes: a ClusterIP Service named like the StatefulSet,
 * the stable address `<name>:<port>` clients use (its virtual IP does not change when a pod is
 * recreated with a new address, which matters to clients that cache DNS answers, as the JVM does for
 * 30 s), and the headless Service `<name>-headless` that governs the StatefulSet and gives each pod a
 * stable DNS name (`<name>-0.<name>-headless.<namespace>.svc`), one `data` volume per replica
 * (ReadWriteOnce) that is deleted with the StatefulSet and kept on scale-down, probes that use the
 * engine's own health check (a startup probe that gives the first initialization the engine's
 * `initializationSeconds`, then liveness and readiness), a non-root, no-escalation security context, and a NetworkPolicy (named
 * like the StatefulSet) that lets only pods of the same namespace connect, on the engine's port.
 *
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/
 */
export class StatefulDatabase extends Construct {
  /** The StatefulSet. */
  public readonly statefulSet: StatefulSetV1;
  /** The ClusterIP Service clients use: `<name>:<port>`. */
  public readonly service: ServiceV1;
  /** The headless Service `<name>-headless` that governs the StatefulSet (per-pod DNS names). */
  public readonly headlessService: ServiceV1;
  /** The Secrets, by name. */
  public readonly secrets: Readonly<Record<string, SecretV1>>;
  /** Resolved name. */
  public readonly name: string;
  /** Resolved engine settings. */
  public readonly engine: DatabaseEngine;
  /** Resolved volume size in GiB. */
  public readonly storageGiB: number;
  /** Resolved replicas. */
  public readonly replicas: number;
  /** Labels that select the pods. */
  public readonly selector: DatabaseSelector;
  /** `<name>:<port>`, the address clients in the namespace use (the ClusterIP Service). */
  public readonly endpoint: string;
  /** Ingress isolation: only pods of the database's namespace reach it, on the engine's port. */
  public readonly networkPolicy: DatabaseNetworkPolicy;
  /** Namespace (as passed: the namespace resource's name). */
  public readonly namespace: string;
  /**
   * Failed startup checks (every {@link PROBE_PERIOD_SECONDS} s) before the kubelet restarts the
   * container: the engine's `initializationSeconds`, rounded up to whole periods.
   */
  public readonly startupFailureThreshold: number;

  constructor(scope: Construct, id: string, props: StatefulDatabaseProps) {
    super(scope, id);
    const owner = `StatefulDatabase ${props.name}`;
    const engine = props.engine.props;
    this.name = props.name;
    this.engine = props.engine;
    this.storageGiB = props.storageGiB ?? 10;
    this.replicas = props.replicas ?? 1;
    const secretSpecs = props.secrets ?? [];
    const env = props.env ?? [];

    assertValid(owner, 'name', props.name, dns1123LabelProblem(props.name, 52));
    assertValid(owner, 'component', props.component, dns1123LabelProblem(props.component));
    assertValid(owner, 'engine.portName', engine.portName, portNameProblem(engine.portName));
    assertValid(owner, 'engine.image', engine.image, imagePinProblem(engine.image));
    if (!Number.isInteger(engine.port) || engine.port < 1 || engine.port > 65535) {
      assertValid(owner, 'engine.port', engine.port, 'must be a whole number from 1 to 65535');
    }
    if (!Number.isInteger(engine.initializationSeconds) || engine.initializationSeconds < PROBE_PERIOD_SECONDS) {
      assertValid(owner, 'engine.initializationSeconds', engine.initializationSeconds, `must be a whole number of seconds >= ${PROBE_PERIOD_SECONDS} (one probe period)`);
    }
    if (!Number.isInteger(this.storageGiB) || this.storageGiB < 1) {
      assertValid(owner, 'storageGiB', this.storageGiB, 'must be a whole number of GiB >= 1');
    }
    if (!Number.isInteger(this.replicas) || this.replicas < 1) {
      assertValid(owner, 'replicas', this.replicas, 'must be a whole number >= 1');
    }
    for (const secret of secretSpecs) assertValid(owner, 'secrets[].name', secret.name, dns1123LabelProblem(secret.name, 253));
    for (const variable of env) {
      if (!('secretName' in variable)) continue;
      const secret = secretSpecs.find((s) => s.name === variable.secretName);
      if (!secret || !(variable.secretKey in secret.data)) {
        assertValid(owner, `env ${variable.name}`, `${variable.secretName}/${variable.secretKey}`, 'must name a key of a secret in secrets');
      }
    }

    this.selector = {
      'app.kubernetes.io/name': props.component,
      'app.kubernetes.io/instance': props.component,
      'app.kubernetes.io/component': engine.label,
    };
    const controllerLabels = { ...CREATED_BY_LABELS, 'app.kubernetes.io/team': 'database' };
    this.endpoint = `${props.name}:${engine.port}`;
    this.namespace = props.namespace;

    this.secrets = Object.fromEntries(
      secretSpecs.map((spec) => [
        spec.name,
        new SecretV1(this, `Secret-${spec.name}`, {
          metadata: { name: spec.name, namespace: props.namespace, labels: { ...controllerLabels } },
          type: 'Opaque',
          data: Object.fromEntries(
            Object.entries(spec.data).map(([key, value]) => [
              key,
              value instanceof GeneratedPassword
                ? new Password(this, `Password-${spec.name}-${key}`, { length: value.length, special: false }).result
                : value,
            ]),
          ),
        }),
      ]),
    );

    const servicePort = { name: engine.portName, port: engine.port, targetPort: engine.portName, protocol: 'TCP' };
    // Construct id 'Service' (its Terraform address) is the Service a lab deployed before issue 22 had:
    // headless and named like the StatefulSet. Renamed, the address is replaced (the old Service is
    // deleted first), and the StatefulSet, whose serviceName cannot change, is replaced with it.
    this.headlessService = new ServiceV1(this, 'Service', {
      metadata: { name: `${props.name}-headless`, namespace: props.namespace, labels: { ...controllerLabels } },
      spec: {
        // Headless: no virtual IP; each ready pod gets the DNS name <name>-<n>.<name>-headless.<namespace>.svc.
        clusterIp: 'None',
        selector: { ...this.selector },
        port: [servicePort],
      },
    });
    this.service = new ServiceV1(this, 'ClientService', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...controllerLabels } },
      spec: {
        type: 'ClusterIP',
        selector: { ...this.selector },
        port: [servicePort],
      },
      // On a lab deployed before issue 22, a headless Service of this name exists until the address
      // above has been replaced: create this one only after that.
      dependsOn: [this.headlessService],
    });

    this.startupFailureThreshold = Math.ceil(engine.initializationSeconds / PROBE_PERIOD_SECONDS);
    const probe = (extra: Record<string, number>) => ({
      exec: { command: [...engine.probeCommand] },
      periodSeconds: PROBE_PERIOD_SECONDS,
      timeoutSeconds: 5,
      ...extra,
    });

    this.statefulSet = new StatefulSetV1(this, 'StatefulSet', {
      metadata: { name: props.name, namespace: props.namespace, labels: { ...controllerLabels } },
      // `cdktf deploy` returns when the pods are Ready, not when the object is accepted.
      waitForRollout: true,
      spec: {
        serviceName: this.headlessService.metadata.name,
        replicas: String(this.replicas),
        podManagementPolicy: 'OrderedReady',
        selector: { matchLabels: { ...this.selector } },
        updateStrategy: [{ type: 'RollingUpdate' }],
        persistentVolumeClaimRetentionPolicy: [{ whenDeleted: 'Delete', whenScaled: 'Retain' }],
        template: {
          metadata: { labels: { ...this.selector, ...controllerLabels } },
          spec: {
            automountServiceAccountToken: false,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: String(engine.runAsUser),
              runAsGroup: String(engine.runAsGroup),
              fsGroup: String(engine.fsGroup),
              fsGroupChangePolicy: 'OnRootMismatch',
              seccompProfile: { type: 'RuntimeDefault' },
            },
            container: [
              {
                name: engine.label,
                image: engine.image,
                imagePullPolicy: 'IfNotPresent',
                args: engine.args ? [...engine.args] : undefined,
                port: [{ name: engine.portName, containerPort: engine.port, protocol: 'TCP' }],
                env: [
                  ...Object.entries(engine.env ?? {}).map(([name, value]) => ({ name, value })),
                  ...env.map((variable) =>
                    'secretName' in variable
                      ? {
                          name: variable.name,
                          valueFrom: {
                            secretKeyRef: { name: this.secrets[variable.secretName].metadata.name, key: variable.secretKey },
                          },
                        }
                      : { name: variable.name, value: variable.value },
                  ),
                ],
                volumeMount: [{ name: 'data', mountPath: engine.dataMountPath }],
                // Liveness and readiness start only once the startup probe has passed, so a slow first
                // initialization is never killed halfway (which would leave a data directory without its
                // users); after that, three missed checks (30 s) restart a hung engine.
                // https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
                startupProbe: probe({ failureThreshold: this.startupFailureThreshold }),
                readinessProbe: probe({ failureThreshold: 3 }),
                livenessProbe: probe({ failureThreshold: 3 }),
                resources: resourcesBlock(props.resources ?? engine.resources),
                // The engines write outside their volume (sockets, temp files): a writable root stays.
                securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: false }),
              },
            ],
          },
        },
        volumeClaimTemplate: [
          {
            metadata: { name: 'data', labels: { ...this.selector } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: props.storageClassName,
              resources: { requests: { storage: `${this.storageGiB}Gi` } },
            },
          },
        ],
      },
      dependsOn: props.dependsOn ? [...props.dependsOn] : undefined,
    });

    this.networkPolicy = new DatabaseNetworkPolicy(this, 'NetworkPolicy', {
      name: props.name,
      namespace: props.namespace,
      podSelector: { ...this.selector },
      port: engine.port,
      labels: controllerLabels,
    });
  }

  /**
   * The stable address of one replica, `<name>-<ordinal>.<name>-headless.<namespace>.svc:<port>`: it
   * resolves to that pod while it is ready, whatever other replicas exist.
   */
  public podEndpoint(ordinal = 0): string {
    if (!Number.isInteger(ordinal) || ordinal < 0 || ordinal >= this.replicas) {
      assertValid(`StatefulDatabase ${this.name}`, 'podEndpoint ordinal', ordinal, `must be a replica: a whole number from 0 to ${this.replicas - 1}`);
    }
    return `${this.name}-${ordinal}.${this.headlessService.metadata.name}.${this.namespace}.svc:${this.engine.props.port}`;
  }
}
