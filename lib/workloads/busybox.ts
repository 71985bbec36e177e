import { IMAGE_PINS, pinnedImage } from '../plan/image-pins';
import { ResourceRequirements, resourcesBlock, restrictedContainerSecurityContext } from './container-security';

/**
 * BusyBox from the Docker official images on ECR Public (the workshop's Job and CronJob use 1.36,
 * which the library no longer rebuilds); the version and its source are in lib/plan/image-pins.ts.
 * @see https://gallery.ecr.aws/docker/library/busybox
 */
export const BUSYBOX_IMAGE = pinnedImage(IMAGE_PINS.busybox);

/** Props of {@link busyboxScriptPod}. */
export interface BusyboxScriptPodProps {
  /** Container name (and the pod's `app` label). */
  readonly name: string;
  /** Shell script the container runs with `/bin/sh -c`. */
  readonly script: string;
  /** Job restart policy. */
  readonly restartPolicy: 'Never' | 'OnFailure';
  /** Requests and limits. */
  readonly resources: ResourceRequirements;
  /** Writable scratch folder on an emptyDir, for a script that writes files. @default - none */
  readonly scratchPath?: string;
}

/**
 * The pod template of a batch script: BusyBox as the unprivileged `nobody` user, read-only root
 * filesystem, no service account token. Pods carry only `app: <name>`, not the created-by label:
 * a Completed pod is never Ready, and the workshop's reset tooling waits for that label to be Ready.
 */
export function busyboxScriptPod(props: BusyboxScriptPodProps) {
  return {
    metadata: { labels: { app: props.name } },
    spec: {
      restartPolicy: props.restartPolicy,
      automountServiceAccountToken: false,
      securityContext: { runAsNonRoot: true, runAsUser: '65534', runAsGroup: '65534', seccompProfile: { type: 'RuntimeDefault' } },
      container: [
        {
          name: props.name,
          image: BUSYBOX_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          command: ['/bin/sh', '-c', props.script],
          resources: resourcesBlock(props.resources),
          securityContext: restrictedContainerSecurityContext({ readOnlyRootFilesystem: true }),
          volumeMount: props.scratchPath ? [{ name: 'scratch', mountPath: props.scratchPath }] : undefined,
        },
      ],
      volume: props.scratchPath ? [{ name: 'scratch', emptyDir: { sizeLimit: '16Mi' } }] : undefined,
    },
  };
}
