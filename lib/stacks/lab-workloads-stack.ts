import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { RandomProvider } from '@cdktf/provider-random/lib/provider';
import { Fn, TerraformOutput, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { LabClusterInfo } from '../cluster/lab-cluster';
import { RetailApplication } from '../config/lab-config';
import type { LabEnvironment } from '../plan/lab-environment';
import type { LabPlan } from '../plan/lab-plan';
import { CatalogCleanupCronJob } from '../workloads/catalog-cleanup-cron-job';
import { DaemonSetRolloutWait } from '../workloads/daemon-set-rollout-wait';
import { DataProcessorJob } from '../workloads/data-processor-job';
import { EncryptedGp3StorageClass } from '../workloads/encrypted-gp3-storage-class';
import { LogCollector } from '../workloads/log-collector';
import { RetailDataStores } from '../workloads/retail-data-stores';
import { RetailStore } from '../workloads/retail-store';
import { configureStateBackend } from './lab-state-backend';

/** Props of {@link LabWorkloadsStack}. */
export interface LabWorkloadsStackProps {
  /** The plan of the lab or class. */
  readonly plan: LabPlan;
  /** The lab this stack is for (the single lab, or one participant's). */
  readonly environment: LabEnvironment;
  /** The cluster, from the cluster stack (cross-stack references). */
  readonly cluster: LabClusterInfo;
}

/**
 * The lab's Kubernetes workloads, in their own stack after the cluster stack: the default
 * StorageClass, the three retail data stores as StatefulSets, the retail store application on top of
 * them (unless `application` is `data-stores-only`), and the module's DaemonSet, Job and CronJob.
 * deploy returns when every StatefulSet and Deployment is ready, the DaemonSet has a ready pod on
 * every node (DaemonSetRolloutWait) and the Jobs have completed.
 *
 * The kubernetes provider authenticates with `aws eks get-token` on every run (tokens from a data
 * source expire after 15 minutes and would sit in state); endpoint and CA come from the cluster stack
 * by cross-stack reference, which also makes cdktf deploy this stack after it and destroy it before.
 */
export class LabWorkloadsStack extends TerraformStack {
  /** The databases. */
  public readonly dataStores: RetailDataStores;
  /** The default StorageClass. */
  public readonly storageClass: EncryptedGp3StorageClass;
  /** The retail store application. @default - none with `application: data-stores-only` */
  public readonly store?: RetailStore;
  /** The DaemonSet. */
  public readonly logCollector: LogCollector;
  /** What makes deploy wait for the DaemonSet's pods. */
  public readonly logCollectorRollout: DaemonSetRolloutWait;
  /** The Job. */
  public readonly dataProcessor: DataProcessorJob;
  /** The CronJob. */
  public readonly catalogCleanup: CatalogCleanupCronJob;

  constructor(scope: Construct, id: string, props: LabWorkloadsStackProps) {
    super(scope, id);
    const { plan, cluster, environment } = props;
    const { config } = plan;
    configureStateBackend(this, config.state);

    new KubernetesProvider(this, 'kubernetes', {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthorityData),
      exec: [
        {
          apiVersion: 'client.authentication.k8s.io/v1beta1',
          command: 'aws',
          args: [
            'eks',
            'get-token',
            '--cluster-name',
            environment.clusterName,
            '--region',
            plan.region,
            // In a participant's own account: the token of the role the deploy assumes there (its access entry).
            ...(environment.account === undefined ? [] : ['--role-arn', environment.account.roleArn]),
            '--output',
            'json',
          ],
        },
      ],
    });
    new RandomProvider(this, 'random');

    this.storageClass = new EncryptedGp3StorageClass(this, 'StorageClass');
    this.dataStores = new RetailDataStores(this, 'DataStores', {
      storageGiB: config.databaseVolumeGiB,
      storageClassName: this.storageClass.name,
      dependsOn: [this.storageClass.storageClass],
    });
    if (config.application === RetailApplication.STORE) {
      this.store = new RetailStore(this, 'Store', { dataStores: this.dataStores });
    }
    this.logCollector = new LogCollector(this, 'LogCollector');
    this.logCollectorRollout = new DaemonSetRolloutWait(this, 'LogCollectorRollout', {
      daemonSet: this.logCollector.daemonSet,
      daemonSetName: this.logCollector.name,
      namespace: this.logCollector.namespace,
    });
    const catalogNamespace = this.dataStores.namespaces.catalog.metadata.name;
    this.dataProcessor = new DataProcessorJob(this, 'DataProcessor', { namespace: catalogNamespace });
    this.catalogCleanup = new CatalogCleanupCronJob(this, 'CatalogCleanup', { namespace: catalogNamespace });

    const settings = this.dataStores.settings;
    const output = (name: string, value: string, description: string) => new TerraformOutput(this, name, { value, description });
    output('catalog_db_endpoint', settings.catalogEndpoint, 'RETAIL_CATALOG_PERSISTENCE_ENDPOINT (namespace catalog)');
    output('catalog_db_name', settings.catalogDatabase, 'Catalog MySQL database');
    output('checkout_redis_url', settings.checkoutRedisUrl, 'RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL (namespace checkout)');
    output('orders_db_endpoint', settings.ordersEndpoint, 'RETAIL_ORDERS_PERSISTENCE_ENDPOINT (namespace orders)');
    output('orders_db_name', settings.ordersDatabase, 'Orders PostgreSQL database');
    output('credentials_secrets', 'catalog/catalog-db, orders/orders-db', 'Secrets holding the generated database credentials');
    if (this.store) {
      output('store_port_forward_command', `kubectl port-forward -n ${this.store.ui.name} svc/${this.store.ui.name} 8080:80`, 'Opens the store at http://localhost:8080');
    }
  }
}
