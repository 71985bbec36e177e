/**
 * BusyBox 1.36.1 from the Docker official images on ECR Public (the workshop's Job and CronJob use 1.36).
 * @see https://gallery.ecr.aws/docker/library/busybox
 */
export const BUSYBOX_IMAGE = 'public.ecr.aws/docker/library/busybox:1.36.1';

/** Pod security context of the BusyBox scripts: the unprivileged `nobody` user. */
export const NOBODY_POD_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: '65534',
  runAsGroup: '65534',
  seccompProfile: { type: 'RuntimeDefault' },
};
