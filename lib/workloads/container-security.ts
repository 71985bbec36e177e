/**
 * Container security context shared by every workload: no privilege escalation, no Linux
 * capabilities, the runtime's default seccomp profile. Values are in the kubernetes provider's shape.
 */
export function restrictedContainerSecurityContext(options: { readOnlyRootFilesystem: boolean }) {
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** CPU and memory requests and limits, in Kubernetes quantities (`100m`, `128Mi`). */
export interface ResourceRequirements {
  /** Requested CPU and memory. */
  readonly requests: { readonly cpu: string; readonly memory: string };
  /** CPU and memory limits. */
  readonly limits: { readonly cpu: string; readonly memory: string };
}

/** The provider's `resources` block for {@link ResourceRequirements}. */
export function resourcesBlock(resources: ResourceRequirements) {
  return { requests: { ...resources.requests }, limits: { ...resources.limits } };
}
