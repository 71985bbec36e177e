import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { Construct } from 'constructs';
import { DATA_PROCESSOR, shellScript } from '../plan/batch-workloads';
import { busyboxScriptPod } from './busybox';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link DataProcessorJob}. */
export interface DataProcessorJobProps {
  /** Namespace (pass the namespace resource's name so the Job depends on it). */
  readonly namespace: string;
}

/**
 * The module's Job `data-processor` (lib/plan/batch-workloads.ts holds its settings and script): one
 * pod that runs a short BusyBox script (about 10 seconds) and completes. `cdktf deploy` waits for it
 * to complete.
 */
export class DataProcessorJob extends Construct {
  /** The Job. */
  public readonly job: JobV1;

  constructor(scope: Construct, id: string, props: DataProcessorJobProps) {
    super(scope, id);
    const plan = DATA_PROCESSOR;
    this.job = new JobV1(this, 'Job', {
      metadata: { name: plan.name, namespace: props.namespace, labels: { 'app.kubernetes.io/name': plan.name, ...CREATED_BY_LABELS } },
      waitForCompletion: true,
      timeouts: { create: '5m', update: '5m' },
      spec: {
        completions: plan.completions,
        parallelism: plan.parallelism,
        backoffLimit: plan.backoffLimit,
        template: busyboxScriptPod({
          name: plan.name,
          script: shellScript(plan.script),
          restartPolicy: plan.restartPolicy,
          resources: plan.resources,
          scratchPath: plan.scratchPath,
        }),
      },
    });
  }
}
