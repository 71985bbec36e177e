import { JobV1 } from '@cdktf/provider-kubernetes/lib/job-v1';
import { Construct } from 'constructs';
import { busyboxScriptPod } from './busybox';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link DataProcessorJob}. */
export interface DataProcessorJobProps {
  /** Namespace (pass the namespace resource's name so the Job depends on it). */
  readonly namespace: string;
}

const SCRIPT = [
  'echo "Starting data processing job..."',
  'for batch in 1 2 3 4 5; do echo "Processing batch $batch of 5..."; sleep 2; done',
  'echo "Report: 5 batches processed at $(date -u +%Y-%m-%dT%H:%M:%SZ)" > /work/report.txt',
  'cat /work/report.txt',
  'echo "Data processing job completed successfully!"',
].join('\n');

/**
 * The module's Job `data-processor`: one pod that runs a short BusyBox script (about 10 seconds) and
 * completes. `cdktf deploy` waits for it to complete.
 */
export class DataProcessorJob extends Construct {
  /** The Job. */
  public readonly job: JobV1;

  constructor(scope: Construct, id: string, props: DataProcessorJobProps) {
    super(scope, id);
    const name = 'data-processor';
    this.job = new JobV1(this, 'Job', {
      metadata: { name, namespace: props.namespace, labels: { 'app.kubernetes.io/name': name, ...CREATED_BY_LABELS } },
      waitForCompletion: true,
      timeouts: { create: '5m', update: '5m' },
      spec: {
        completions: 1,
        parallelism: 1,
        backoffLimit: 3,
        template: busyboxScriptPod({
          name,
          script: SCRIPT,
          restartPolicy: 'Never',
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
          scratchPath: '/work',
        }),
      },
    });
  }
}
