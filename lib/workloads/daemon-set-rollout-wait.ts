import { DaemonSetV1 } from '@cdktf/provider-kubernetes/lib/daemon-set-v1';
import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { RoleBindingV1 } from '@cdktf/provider-kubernetes/lib/role-binding-v1';
import { RoleV1 } from '@cdktf/provider-kubernetes/lib/role-v1';
import { ServiceAccountV1 } from '@cdktf/provider-kubernetes/lib/service-account-v1';
import { Construct } from 'constructs';
import { IMAGE_PINS, pinnedImage } from '../plan/image-pins';
import { resourcesBlock, restrictedContainerSecurityContext } from './container-security';
import { assertValid, dns1123LabelProblem, imagePinProblem } from './kubernetes-names';
import { CREATED_BY_LABELS } from './workshop-labels';

/**
 * kubectl 1.35 from the Kubernetes project's registry (a release image since 1.28; entrypoint
 * `/bin/kubectl`, Debian base), at the patch release lib/plan/image-pins.ts names. kubectl supports
 * API servers one minor version older or newer, so 1.35 covers the 1.35 and 1.36 clusters the lab
 * offers; `rollout status` reads only the apps/v1 DaemonSet status, which has not changed since 1.9.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/build/server-image/kubectl/Dockerfile
 * @see https://kubernetes.io/releases/version-skew-policy/#kubectl
 */
export const KUBECTL_IMAGE = pinnedImage(IMAGE_PINS.kubectl);

/** Props of {@link DaemonSetRolloutWait}. */
export interface DaemonSetRolloutWaitProps {
  /** The DaemonSet to wait for. */
  readonly daemonSet: DaemonSetV1;
  /** Name of the DaemonSet (an RFC 1123 label; its namespace is the DaemonSet's). */
  readonly daemonSetName: string;
  /** Namespace of the DaemonSet. */
  readonly namespace: string;
  /** Seconds `kubectl rollout status` waits before it fails the Job. @default 480 */
  readonly timeoutSeconds?: number;
  /** Container image with `/bin/kubectl`. @default KUBECTL_IMAGE */
  readonly image?: string;
}

/**
 * Makes `cdktf deploy` return only when a DaemonSet has an available pod on every node it should run
 * on. The kubernetes provider's `wait_for_rollout` on a DaemonSet only compares
 * `currentNumberScheduled` with `desiredNumberScheduled`, which is `0 == 0` right after creation
 * (hashicorp/terraform-provider-kubernetes#2092; the fix, #2419, was closed unmerged), so it returns
 * before a single pod is scheduled.
 *
 * Instead a Job in the DaemonSet's namespace, created after it and awaited by the provider
 * (`wait_for_completion`), runs `kubectl rollout status daemonset/<name>`: kubectl waits until the
 * controller has observed the spec and every desired pod is updated and available, and fails the Job
 * after `timeoutSeconds`. The provider then fails the deploy saying only `job: <namespace>/<name> is
 * in failed state` (2.38 reports the Job's Failed condition, nothing of its pods): kubectl's own
 * output ("Waiting for daemon set ... 2 of 3 updated pods are available...", "error: timed out
 * waiting for the condition") is the failed pod's termination message (`FallbackToLogsOnError`),
 * which {@link messageCommand} prints and docs/troubleshooting.md explains. It runs as its own ServiceAccount, bound to a Role that may only get, list
 * and watch that one DaemonSet (list and watch requests with a `metadata.name` field selector, which
 * `rollout status` sends, are authorized by resource name). The Job is replaced whenever the
 * DaemonSet changes (`replace_triggered_by`), so an update is awaited too. Its pod does not carry the
 * created-by label: the workshop's reset tooling waits for every such pod to be Ready, and a
 * Completed pod never is.
 *
 * Needs nothing on the instructor's machine and no extra provider; the alternative, a
 * `kubernetes_manifest` with `wait { rollout = true }`, needs the cluster's API at plan time and
 * would make the DaemonSet an untyped manifest.
 *
 * @see https://github.com/hashicorp/terraform-provider-kubernetes/blob/v2.38.0/kubernetes/resource_kubernetes_daemon_set_v1.go (waitForDaemonSetReplicasFunc)
 * @see https://github.com/hashicorp/terraform-provider-kubernetes/blob/v2.38.0/kubernetes/resource_kubernetes_job_v1.go (retryUntilJobV1IsFinished: "job: %s/%s is in failed state")
 * @see https://kubernetes.io/docs/tasks/debug/debug-application/determine-reason-pod-failure/#customizing-the-termination-message
 * @see https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources
 */
export class DaemonSetRolloutWait extends Construct {
  /** The Job that deploy waits for. */
  public readonly job: JobV1;
  /** Identity of the Job's pod. */
  public readonly serviceAccount: ServiceAccountV1;
  /** get, list and watch of the one DaemonSet. */
  public readonly role: RoleV1;
  /** Binds {@link role} to {@link serviceAccount}. */
  public readonly roleBinding: RoleBindingV1;
  /** Name of the Job, ServiceAccount, Role and RoleBinding: `<daemonSet>-rollout`. */
  public readonly name: string;
  /** Resolved timeout of `kubectl rollout status`, in seconds. */
  public readonly timeoutSeconds: number;
  /**
   * The kubectl command that prints, for each pod of the Job, kubectl's last output when it failed
   * (its termination message): what the deploy's `job ... is in failed state` does not say. Run it
   * before deploying again, which replaces the failed Job and its pods.
   */
  public readonly messageCommand: string;

  constructor(scope: Construct, id: string, props: DaemonSetRolloutWaitProps) {
    super(scope, id);
    const owner = `DaemonSetRolloutWait ${props.daemonSetName}`;
    assertValid(owner, 'daemonSetName', props.daemonSetName, dns1123LabelProblem(props.daemonSetName, 55));
    const image = props.image ?? KUBECTL_IMAGE;
    assertValid(owner, 'image', image, imagePinProblem(image));
    this.timeoutSeconds = props.timeoutSeconds ?? 480;
    if (!Number.isInteger(this.timeoutSeconds) || this.timeoutSeconds < 30 || this.timeoutSeconds > 1800) {
      assertValid(owner, 'timeoutSeconds', this.timeoutSeconds, 'must be a whole number of seconds from 30 to 1800');
    }
    this.name = `${props.daemonSetName}-rollout`;
    this.messageCommand =
      `kubectl get pods -n ${props.namespace} -l job-name=${this.name} ` +
      `-o jsonpath='{range .items[*]}{.metadata.name}{": "}{.status.containerStatuses[0].state.terminated.message}{"\\n"}{end}'`;
    const labels = { 'app.kubernetes.io/name': this.name, ...CREATED_BY_LABELS };
    const metadata = { name: this.name, namespace: props.namespace, labels };

    this.serviceAccount = new ServiceAccountV1(this, 'ServiceAccount', { metadata });
    this.role = new RoleV1(this, 'Role', {
      metadata,
      rule: [{ apiGroups: ['apps'], resources: ['daemonsets'], resourceNames: [props.daemonSetName], verbs: ['get', 'list', 'watch'] }],
    });
    this.roleBinding = new RoleBindingV1(this, 'RoleBinding', {
      metadata,
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: this.role.metadata.name },
      subject: [{ kind: 'ServiceAccount', name: this.serviceAccount.metadata.name, namespace: props.namespace }],
    });

    // The Job's own budget outlasts kubectl's, and the provider's wait outlasts both, so a DaemonSet
    // that never becomes ready fails the Job (kubectl's message in its first pod, which the Job keeps)
    // rather than the provider's wait timing out.
    const activeDeadlineSeconds = this.timeoutSeconds + 60;
    this.job = new JobV1(this, 'Job', {
      metadata,
      waitForCompletion: true,
      timeouts: { create: `${activeDeadlineSeconds + 120}s`, update: `${activeDeadlineSeconds + 120}s` },
      spec: {
        completions: 1,
        parallelism: 1,
        backoffLimit: 2,
        activeDeadlineSeconds,
        template: {
          // Not the created-by label: a Completed pod is never Ready.
          metadata: { labels: { app: this.name } },
          spec: {
            restartPolicy: 'Never',
            serviceAccountName: this.serviceAccount.metadata.name,
            // kubectl authenticates with the pod's token; the Role is all it can do.
            automountServiceAccountToken: true,
            securityContext: { runAsNonRoot: true, runAsUser: '65534', runAsGroup: '65534', seccompProfile: { type: 'RuntimeDefault' } },
            container: [
              {
                name: 'kubectl',
                image,
                imagePullPolicy: 'IfNotPresent',
                command: [
                  '/bin/kubectl',
                  'rollout',
                  'status',
                  `daemonset/${props.daemonSetName}`,
                  `--namespace=${props.namespace}`,
                  `--timeout=${this.timeoutSeconds}s`,
                ],
                // kubectl caches API discovery under $HOME/.kube; the root filesystem is read-only.
                env: [{ name: 'HOME', value: '/tmp' }],
                // kubectl writes no termination message file: when it fails, the kubelet keeps the end
                // of its output (at most 80 lines) as the pod's termination message.
                terminationMessagePolicy: 'FallbackToLogsOnError',
                resources: resourcesBlock({ requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } }),
                securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
                volumeMount: [{ name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            volume: [{ name: 'tmp', emptyDir: { sizeLimit: '32Mi' } }],
          },
        },
      },
      dependsOn: [props.daemonSet, this.roleBinding],
      // The plain address: cdktf renders a resource passed here as "${type.id}", which Terraform
      // rejects in JSON ("Invalid character"; hashicorp/terraform-cdk#3196, fix #3928 never merged).
      lifecycle: { replaceTriggeredBy: [`${props.daemonSet.terraformResourceType}.${props.daemonSet.friendlyUniqueId}`] },
    });
  }
}
