import { ConfigMapV1 } from '@cdktf/provider-kubernetes/lib/config-map-v1';
import { DaemonSetV1 } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { Construct } from 'constructs';
import { IMAGE_PINS, pinnedImage } from '../plan/image-pins';
import { resourcesBlock, restrictedContainerSecurityContext } from './container-security';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link LogCollector}. */
export interface LogCollectorProps {
  /** Namespace. @default 'kube-system' */
  readonly namespace?: string;
  /** Container image. @default FLUENT_BIT_IMAGE */
  readonly image?: string;
}

/**
 * AWS for Fluent Bit from ECR Public (Fluent Bit 5.1 on AL2023; ECR Public tags are the bare version);
 * the release and its source are in lib/plan/image-pins.ts.
 */
export const FLUENT_BIT_IMAGE = pinnedImage(IMAGE_PINS.fluentBit);

/**
 * Fluent Bit reads the container logs under /var/log (on containerd nodes /var/log/containers links
 * into /var/log/pods; /var/lib/docker does not exist) and prints them; its own logs are excluded
 * so it does not read what it writes.
 */
const FLUENT_BIT_CONFIG = `[SERVICE]
    Flush        5
    Log_Level    info

[INPUT]
    Name              tail
    Path              /var/log/containers/*.log
    Exclude_Path      /var/log/containers/log-collector-*.log
    Mem_Buf_Limit     5MB
    Skip_Long_Lines   On

[OUTPUT]
    Name    stdout
    Match   *
    Format  json_lines
`;

/**
 * The module's DaemonSet `log-collector`: one Fluent Bit pod per node, reading host logs through a
 * read-only hostPath mount. The provider's `wait_for_rollout` does not wait for its pods (see
 * DaemonSetRolloutWait, which the workloads stack adds for that).
 */
export class LogCollector extends Construct {
  /** The DaemonSet. */
  public readonly daemonSet: DaemonSetV1;
  /** The Fluent Bit configuration. */
  public readonly config: ConfigMapV1;
  /** Name of the DaemonSet. */
  public readonly name: string;
  /** Resolved namespace. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: LogCollectorProps = {}) {
    super(scope, id);
    const name = 'log-collector';
    const namespace = props.namespace ?? 'kube-system';
    this.name = name;
    this.namespace = namespace;
    const controllerLabels = { 'app.kubernetes.io/name': name, ...CREATED_BY_LABELS };
    const podLabels = { app: name };

    this.config = new ConfigMapV1(this, 'Config', {
      metadata: { name: `${name}-config`, namespace, labels: controllerLabels },
      data: { 'fluent-bit.conf': FLUENT_BIT_CONFIG },
    });

    this.daemonSet = new DaemonSetV1(this, 'DaemonSet', {
      metadata: { name, namespace, labels: controllerLabels },
      // The provider's DaemonSet wait compares scheduled pods only (0 == 0 right after creation), so it
      // is off: DaemonSetRolloutWait waits for a ready pod on every node instead.
      waitForRollout: false,
      spec: {
        selector: { matchLabels: podLabels },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '1' } },
        template: {
          // Not the created-by label: the workshop's reset tooling waits for every pod carrying it.
          metadata: { labels: podLabels },
          spec: {
            automountServiceAccountToken: false,
            terminationGracePeriodSeconds: 10,
            container: [
              {
                name: 'fluent-bit',
                image: props.image ?? FLUENT_BIT_IMAGE,
                imagePullPolicy: 'IfNotPresent',
                command: ['/fluent-bit/bin/fluent-bit', '-c', '/fluent-bit/config/fluent-bit.conf'],
                resources: resourcesBlock({
                  requests: { cpu: '100m', memory: '128Mi' },
                  limits: { cpu: '200m', memory: '256Mi' },
                }),
                // Root without capabilities: reads the root-owned log files (owner permission), nothing more.
                securityContext: { ...restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }), runAsUser: '0' },
                volumeMount: [
                  { name: 'varlog', mountPath: '/var/log', readOnly: true },
                  { name: 'config', mountPath: '/fluent-bit/config', readOnly: true },
                ],
              },
            ],
            volume: [
              { name: 'varlog', hostPath: { path: '/var/log', type: 'Directory' } },
              { name: 'config', configMap: { name: this.config.metadata.name } },
            ],
          },
        },
      },
    });
  }
}
