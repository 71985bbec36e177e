import { LabConfig } from '../../lib/config/lab-config';
import { K8sObject, RenderedObject } from './render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

/**
 * What `kubectl get` prints for the lab right after `cdktf deploy` returns, computed from the
 * rendered objects and the cluster configuration. Readiness is claimed only for what deploy waits
 * for (`waits`, from deploy-waits.ts); anything else shows 0 ready.
 */
export class KubectlView {
  constructor(
    private readonly objects: readonly RenderedObject[],
    private readonly waits: ReadonlySet<string>,
    private readonly config: Pick<LabConfig, 'nodeGroup'>,
  ) {}

  /** `kubectl get statefulsets [-l selector] [-n ns | -A]`. */
  public statefulSets(options: { selector?: string; namespace?: string }): string {
    const rows = this.find('StatefulSet', options).map((r) => {
      const replicas = Number((r.object.spec as any).replicas ?? 1);
      const ready = this.waits.has(r.address) ? replicas : 0;
      const cells = [r.object.metadata.name, `${ready}/${replicas}`, '...'];
      return options.namespace ? cells : [r.object.metadata.namespace ?? '', ...cells];
    });
    return table(options.namespace ? ['NAME', 'READY', 'AGE'] : ['NAMESPACE', 'NAME', 'READY', 'AGE'], rows);
  }

  /** `kubectl get deployments [-l selector] [-n ns | -A]`. */
  public deployments(options: { selector?: string; namespace?: string }): string {
    const rows = this.find('Deployment', options).map((r) => {
      const replicas = Number((r.object.spec as any).replicas ?? 1);
      const ready = this.waits.has(r.address) ? replicas : 0;
      const cells = [r.object.metadata.name, `${ready}/${replicas}`, String(ready), String(ready), '...'];
      return options.namespace ? cells : [r.object.metadata.namespace ?? '', ...cells];
    });
    const headers = ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'];
    return table(options.namespace ? headers : ['NAMESPACE', ...headers], rows);
  }

  /** `kubectl get daemonset -n ns`. */
  public daemonSets(namespace: string): string {
    const nodeLabels: Record<string, string> = { 'workshop-default': 'yes', 'kubernetes.io/os': 'linux' };
    const rows = this.find('DaemonSet', { namespace }).map((r) => {
      const spec = (r.object.spec as any).template.spec;
      const selector: Record<string, string> = spec.nodeSelector ?? {};
      const fits = Object.entries(selector).every(([k, v]) => nodeLabels[k] === v);
      // Managed nodes of the lab carry no taints, so only the node selector limits placement.
      const desired = fits ? this.config.nodeGroup.desiredSize : 0;
      const ready = this.waits.has(r.address) ? desired : 0;
      const selectorText = Object.keys(selector).length ? Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
      return [r.object.metadata.name, desired, desired, ready, desired, ready, selectorText, '...'].map(String);
    });
    return table(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'], rows);
  }

  /** `kubectl get jobs,cronjobs -n ns` (the CronJob's own runs are left out: they depend on the clock). */
  public jobsAndCronJobs(namespace: string): string {
    const jobs = this.find('Job', { namespace }).map((r) => {
      const completions = Number((r.object.spec as any).completions ?? 1);
      const done = this.waits.has(r.address);
      return [`job.batch/${r.object.metadata.name}`, done ? 'Complete' : 'Running', `${done ? completions : 0}/${completions}`, '...', '...'];
    });
    const cronJobs = this.find('CronJob', { namespace }).map((r) => {
      const spec = r.object.spec as any;
      return [`cronjob.batch/${r.object.metadata.name}`, spec.schedule, spec.timeZone ?? '<none>', spec.suspend ? 'True' : 'False', '0', '<none>', '...'];
    });
    return [
      table(['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'], jobs),
      table(['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'], cronJobs),
    ].join('\n\n');
  }

  private find(kind: string, options: { selector?: string; namespace?: string }): RenderedObject[] {
    const wanted = Object.fromEntries((options.selector ?? '').split(',').filter(Boolean).map((pair) => pair.split('=')));
    return this.objects
      .filter((r) => r.object.kind === kind)
      .filter((r) => options.namespace === undefined || r.object.metadata.namespace === options.namespace)
      .filter((r) => Object.entries(wanted).every(([k, v]) => labelsOf(r.object)[k] === v))
      .sort((a, b) => `${a.object.metadata.namespace}/${a.object.metadata.name}`.localeCompare(`${b.object.metadata.namespace}/${b.object.metadata.name}`));
  }
}

function labelsOf(o: K8sObject): Record<string, string> {
  return o.metadata.labels ?? {};
}

/** kubectl's table layout: columns padded to the widest cell plus three spaces. */
function table(headers: string[], rows: string[][]): string {
  if (rows.length === 0) return 'No resources found.';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] + 3))).join('');
  return [line(headers), ...rows.map(line)].join('\n');
}
