import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { DatabaseEngine } from './database-engine';
import { GeneratedPassword, StatefulDatabase } from './stateful-database';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link RetailDataStores}. */
export interface RetailDataStoresProps {
  /** Size of each database's data volume, in GiB. @default 10 */
  readonly storageGiB?: number;
  /** StorageClass of the data volumes. @default - the cluster default */
  readonly storageClassName?: string;
  /** What the databases need first (the StorageClass). @default [] */
  readonly dependsOn?: readonly ITerraformDependable[];
}

/** Settings the retail app (and the learner) use to reach the data stores. */
export interface RetailDataStoreSettings {
  /**
   * `RETAIL_CATALOG_PERSISTENCE_ENDPOINT`: replica 0 of `catalog-mysql` by its stable name, so that
   * scaling the StatefulSet (the StatefulSets page scales it to 3) adds replicas the catalog never
   * reaches: each is an independent, empty MySQL, and `catalog-mysql:3306` spreads connections over all.
   */
  readonly catalogEndpoint: string;
  /** Catalog database name. */
  readonly catalogDatabase: string;
  /** `RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL`. */
  readonly checkoutRedisUrl: string;
  /** `RETAIL_ORDERS_PERSISTENCE_ENDPOINT`. */
  readonly ordersEndpoint: string;
  /** Orders database name. */
  readonly ordersDatabase: string;
}

/**
 * The retail sample app's three data stores, each in the namespace of its component: `catalog-mysql`,
 * `checkout-redis` and `orders-postgresql`, with the workshop's Secret names and keys and generated
 * credentials. Each accepts connections only from pods of its own namespace (its NetworkPolicy,
 * `<database>.networkPolicy`): the retail app's service runs next to its store, and nothing else in
 * the lab (log collector, batch Job and CronJob) talks to a database.
 */
export class RetailDataStores extends Construct {
  /** Namespaces `catalog`, `checkout`, `orders`, by name. */
  public readonly namespaces: Readonly<Record<'catalog' | 'checkout' | 'orders', NamespaceV1>>;
  /** `catalog-mysql` in namespace `catalog`. */
  public readonly catalog: StatefulDatabase;
  /** `checkout-redis` in namespace `checkout`. */
  public readonly checkout: StatefulDatabase;
  /** `orders-postgresql` in namespace `orders`. */
  public readonly orders: StatefulDatabase;
  /** Connection settings. */
  public readonly settings: RetailDataStoreSettings;

  constructor(scope: Construct, id: string, props: RetailDataStoresProps = {}) {
    super(scope, id);
    const namespace = (name: string) =>
      new NamespaceV1(this, `Namespace-${name}`, { metadata: { name, labels: { ...CREATED_BY_LABELS } } });
    this.namespaces = { catalog: namespace('catalog'), checkout: namespace('checkout'), orders: namespace('orders') };
    const common = { storageGiB: props.storageGiB, storageClassName: props.storageClassName, dependsOn: props.dependsOn };

    this.catalog = new StatefulDatabase(this, 'CatalogMysql', {
      ...common,
      name: 'catalog-mysql',
      namespace: this.namespaces.catalog.metadata.name,
      component: 'catalog',
      engine: DatabaseEngine.mysql(),
      secrets: [
        {
          name: 'catalog-db',
          data: { RETAIL_CATALOG_PERSISTENCE_USER: 'catalog', RETAIL_CATALOG_PERSISTENCE_PASSWORD: new GeneratedPassword() },
        },
        // The root password stays out of the app's Secret: the app never needs it.
        { name: 'catalog-mysql-root', data: { password: new GeneratedPassword() } },
      ],
      env: [
        { name: 'MYSQL_ROOT_PASSWORD', secretName: 'catalog-mysql-root', secretKey: 'password' },
        { name: 'MYSQL_DATABASE', value: 'catalog' },
        { name: 'MYSQL_USER', secretName: 'catalog-db', secretKey: 'RETAIL_CATALOG_PERSISTENCE_USER' },
        { name: 'MYSQL_PASSWORD', secretName: 'catalog-db', secretKey: 'RETAIL_CATALOG_PERSISTENCE_PASSWORD' },
      ],
    });

    this.checkout = new StatefulDatabase(this, 'CheckoutRedis', {
      ...common,
      name: 'checkout-redis',
      namespace: this.namespaces.checkout.metadata.name,
      component: 'checkout',
      engine: DatabaseEngine.redis(),
    });

    this.orders = new StatefulDatabase(this, 'OrdersPostgresql', {
      ...common,
      name: 'orders-postgresql',
      namespace: this.namespaces.orders.metadata.name,
      component: 'orders',
      engine: DatabaseEngine.postgresql(),
      secrets: [
        {
          name: 'orders-db',
          data: { RETAIL_ORDERS_PERSISTENCE_USERNAME: 'orders', RETAIL_ORDERS_PERSISTENCE_PASSWORD: new GeneratedPassword() },
        },
      ],
      env: [
        { name: 'POSTGRES_DB', value: 'orders' },
        { name: 'POSTGRES_USER', secretName: 'orders-db', secretKey: 'RETAIL_ORDERS_PERSISTENCE_USERNAME' },
        { name: 'POSTGRES_PASSWORD', secretName: 'orders-db', secretKey: 'RETAIL_ORDERS_PERSISTENCE_PASSWORD' },
      ],
    });

    this.settings = {
      catalogEndpoint: this.catalog.podEndpoint(0),
      catalogDatabase: 'catalog',
      checkoutRedisUrl: `redis://${this.checkout.endpoint}`,
      ordersEndpoint: this.orders.endpoint,
      ordersDatabase: 'orders',
    };
  }
}
