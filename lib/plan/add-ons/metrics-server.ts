import { AddOnPhase, AddOnSpec, AddonName } from './add-on-spec';

/** metrics-server (a community add-on), for `kubectl top` in the workshop. */
export const metricsServer: AddOnSpec = {
  name: AddonName.METRICS_SERVER,
  constructId: 'MetricsServer',
  phase: AddOnPhase.AFTER_NODES,
  neededToReleaseVolumes: false,
  pods: [
    {
      name: 'metrics-server',
      perNode: false,
      hostNetwork: false,
      // One replica by default; counted twice as an upper bound.
      replicas: 2,
      containers: 1,
      cpuMillicores: 100,
      memoryMiB: 200,
      source: 'kubernetes-sigs/metrics-server charts/metrics-server/values.yaml resources.requests: 100m/200Mi',
    },
  ],
};
