import { NamespaceV1 } from '@cdktf/provider-kubernetes/lib/namespace-v1';
import { Construct } from 'constructs';
import { CartsDynamoDb } from './carts-dynamo-db';
import { ResourceRequirements } from './container-security';
import { RetailDataStores } from './retail-data-stores';
import { HttpProbe, RetailService } from './retail-service';
import { RetailStoreImage, retailStoreImage } from './retail-store-images';
import { CREATED_BY_LABELS } from './workshop-labels';

/** Props of {@link RetailStore}. */
export interface RetailStoreProps {
  /** The data stores the services use (their namespaces, Secrets, Services and settings). */
  readonly dataStores: RetailDataStores;
}

/** The JVM options the workshop sets on its Java services (ui, carts, orders). */
const JAVA_OPTS = { JAVA_OPTS: '-XX:MaxRAMPercentage=75.0 -Djava.security.egd=file:/dev/urandom' };

/**
 * Pod annotation holding the UID of the service's database StatefulSet. When the StatefulSet is
 * re-created (a lab deployed before issue 22 gets a new one, with new, empty volumes), the UID
 * changes and the Deployment rolls once the new database is ready: catalog and orders create their
 * schema (and catalog its products) only when they start.
 */
export const DATA_STORE_UID_ANNOTATION = 'eks-workshop-lab/data-store-uid';

/**
 * Seconds the workshop's liveness probe of carts and orders allows a JVM service to start: the first
 * check at 45 s, then a restart after three failures 3 s apart. ui's check every 20 s allows 85 s.
 */
export const WORKSHOP_LIVENESS_DEADLINE_SECONDS = 45 + 3 * 3;

/**
 * Seconds a Spring Boot service of the sample app has been seen to need to start on a workshop cluster
 * without any CPU limit: "SpringBoot takes about ~50seconds to start", after which its liveness probe
 * restarted carts. Under a CPU limit of one core the JVM also sizes itself for one CPU (serial
 * garbage collector, one compiler thread), and at deploy three JVMs start on a node of two vCPUs at
 * once, so the start can only take longer: the workshop's probes leave no margin at all.
 * @see https://github.com/aws-samples/eks-blueprints-for-terraform-workshop/pull/24
 */
export const JVM_REPORTED_START_SECONDS = 50;

/**
 * The startup probe of the JVM services (ui, carts, orders): the liveness path every 5 s, 36 failures
 * allowed, so 180 s to start, 3.6 times the reported start and more than three times the workshop's
 * liveness deadline. Liveness keeps the workshop's settings once the service has started.
 */
function jvmStartupProbe(path: string): HttpProbe {
  return { path, periodSeconds: 5, failureThreshold: 36 };
}

/** Prometheus paths of the Spring Boot services and of the others. */
const ACTUATOR_METRICS = '/actuator/prometheus';
const METRICS = '/metrics';

/**
 * Requests as the workshop's base application (250m CPU; memory limit = request). The workshop sets
 * no CPU limit; the lab's guardrails require one: a whole core, and the JVM services get
 * {@link jvmStartupProbe} for the slower start a limit can cause.
 */
function resources(memory: string): ResourceRequirements {
  return { requests: { cpu: '250m', memory }, limits: { cpu: '1', memory } };
}

/**
 * The retail store sample application on top of its data stores, as the workshop's base application
 * deploys it: `ui`, `catalog`, `carts` (with `carts-dynamodb`), `checkout` and `orders`, each in the
 * namespace of its name, wired to the lab's data stores (orders and checkout through the ClusterIP
 * Services, catalog through replica 0's stable name), the database names and the generated
 * credentials in the data stores' Secrets (the app and
 * its database read the same Secret). Every service runs in the namespace of its database, which is
 * the only namespace that database's NetworkPolicy admits; the services themselves (and the UI,
 * which calls the other four) are not behind any policy.
 *
 * Settings, probes and resources follow the workshop's base application (sample app 1.2.1) with the
 * keys the pinned release reads; the readiness probes of `ui` and `checkout` (the workshop has none)
 * come from the release's own charts, so that a Deployment is available only once it serves.
 *
 * @see https://github.com/aws-samples/eks-workshop-v2/tree/main/manifests/base-application
 */
export class RetailStore extends Construct {
  /** Namespaces `ui` and `carts` (the others are the data stores'). */
  public readonly namespaces: Readonly<Record<'ui' | 'carts', NamespaceV1>>;
  /** The web store. */
  public readonly ui: RetailService;
  /** The product catalog. */
  public readonly catalog: RetailService;
  /** The shopping carts. */
  public readonly carts: RetailService;
  /** DynamoDB Local for the carts. */
  public readonly cartsDynamoDb: CartsDynamoDb;
  /** Checkout. */
  public readonly checkout: RetailService;
  /** Orders. */
  public readonly orders: RetailService;

  constructor(scope: Construct, id: string, props: RetailStoreProps) {
    super(scope, id);
    const stores = props.dataStores;
    const namespace = (name: string) => new NamespaceV1(this, `Namespace-${name}`, { metadata: { name, labels: { ...CREATED_BY_LABELS } } });
    this.namespaces = { ui: namespace('ui'), carts: namespace('carts') };
    const namespaceOf = {
      ui: this.namespaces.ui.metadata.name,
      carts: this.namespaces.carts.metadata.name,
      catalog: stores.namespaces.catalog.metadata.name,
      checkout: stores.namespaces.checkout.metadata.name,
      orders: stores.namespaces.orders.metadata.name,
    };

    this.catalog = new RetailService(this, 'Catalog', {
      name: 'catalog',
      namespace: namespaceOf.catalog,
      image: retailStoreImage(RetailStoreImage.CATALOG),
      settings: {
        RETAIL_CATALOG_PERSISTENCE_PROVIDER: 'mysql',
        RETAIL_CATALOG_PERSISTENCE_ENDPOINT: stores.settings.catalogEndpoint,
        RETAIL_CATALOG_PERSISTENCE_DB_NAME: stores.settings.catalogDatabase,
      },
      secretName: stores.catalog.secrets['catalog-db'].metadata.name,
      livenessProbe: { path: '/health', initialDelaySeconds: 30, periodSeconds: 3 },
      readinessProbe: { path: '/health', periodSeconds: 5, successThreshold: 3 },
      resources: resources('512Mi'),
      metricsPath: METRICS,
      podAnnotations: { [DATA_STORE_UID_ANNOTATION]: stores.catalog.statefulSet.metadata.uid },
      dependsOn: [stores.catalog.statefulSet],
    });

    this.cartsDynamoDb = new CartsDynamoDb(this, 'CartsDynamoDb', { namespace: namespaceOf.carts });
    this.carts = new RetailService(this, 'Carts', {
      name: 'carts',
      namespace: namespaceOf.carts,
      image: retailStoreImage(RetailStoreImage.CART),
      settings: {
        RETAIL_CART_PERSISTENCE_PROVIDER: 'dynamodb',
        RETAIL_CART_PERSISTENCE_DYNAMODB_TABLE_NAME: 'Items',
        RETAIL_CART_PERSISTENCE_DYNAMODB_CREATE_TABLE: 'true',
        RETAIL_CART_PERSISTENCE_DYNAMODB_ENDPOINT: this.cartsDynamoDb.endpoint,
      },
      secretName: this.cartsDynamoDb.credentials.metadata.name,
      env: JAVA_OPTS,
      startupProbe: jvmStartupProbe('/actuator/health/liveness'),
      livenessProbe: { path: '/actuator/health/liveness', initialDelaySeconds: 45, periodSeconds: 3 },
      readinessProbe: { path: '/actuator/health/readiness', initialDelaySeconds: 15, periodSeconds: 3 },
      resources: resources('1Gi'),
      metricsPath: ACTUATOR_METRICS,
      // carts creates its table on start: DynamoDB Local must accept connections first.
      dependsOn: [this.cartsDynamoDb.deployment],
    });

    this.orders = new RetailService(this, 'Orders', {
      name: 'orders',
      namespace: namespaceOf.orders,
      image: retailStoreImage(RetailStoreImage.ORDERS),
      settings: {
        RETAIL_ORDERS_PERSISTENCE_PROVIDER: 'postgres',
        RETAIL_ORDERS_PERSISTENCE_ENDPOINT: stores.settings.ordersEndpoint,
        RETAIL_ORDERS_PERSISTENCE_NAME: stores.settings.ordersDatabase,
        RETAIL_ORDERS_MESSAGING_PROVIDER: 'in-memory',
      },
      secretName: stores.orders.secrets['orders-db'].metadata.name,
      env: JAVA_OPTS,
      startupProbe: jvmStartupProbe('/actuator/health/liveness'),
      livenessProbe: { path: '/actuator/health/liveness', initialDelaySeconds: 45, periodSeconds: 3 },
      readinessProbe: { path: '/actuator/health/liveness', periodSeconds: 5, successThreshold: 3 },
      resources: resources('1Gi'),
      metricsPath: ACTUATOR_METRICS,
      podAnnotations: { [DATA_STORE_UID_ANNOTATION]: stores.orders.statefulSet.metadata.uid },
      dependsOn: [stores.orders.statefulSet],
    });

    this.checkout = new RetailService(this, 'Checkout', {
      name: 'checkout',
      namespace: namespaceOf.checkout,
      image: retailStoreImage(RetailStoreImage.CHECKOUT),
      settings: {
        RETAIL_CHECKOUT_PERSISTENCE_PROVIDER: 'redis',
        RETAIL_CHECKOUT_PERSISTENCE_REDIS_URL: stores.settings.checkoutRedisUrl,
        RETAIL_CHECKOUT_ENDPOINTS_ORDERS: this.orders.url,
      },
      livenessProbe: { path: '/health', initialDelaySeconds: 30, periodSeconds: 3 },
      readinessProbe: { path: '/health' },
      resources: resources('512Mi'),
      metricsPath: METRICS,
      podAnnotations: { [DATA_STORE_UID_ANNOTATION]: stores.checkout.statefulSet.metadata.uid },
      dependsOn: [stores.checkout.statefulSet],
    });

    this.ui = new RetailService(this, 'Ui', {
      name: 'ui',
      namespace: namespaceOf.ui,
      image: retailStoreImage(RetailStoreImage.UI),
      settings: {
        RETAIL_UI_ENDPOINTS_CATALOG: this.catalog.url,
        RETAIL_UI_ENDPOINTS_CARTS: this.carts.url,
        RETAIL_UI_ENDPOINTS_ORDERS: this.orders.url,
        RETAIL_UI_ENDPOINTS_CHECKOUT: this.checkout.url,
      },
      env: JAVA_OPTS,
      podMetadataEnv: true,
      startupProbe: jvmStartupProbe('/actuator/health/liveness'),
      livenessProbe: { path: '/actuator/health/liveness', initialDelaySeconds: 45, periodSeconds: 20 },
      readinessProbe: { path: '/actuator/health/readiness', initialDelaySeconds: 10 },
      resources: resources('1.5Gi'),
      metricsPath: ACTUATOR_METRICS,
    });
  }

  /** The five services, in the order the workshop lists them. */
  public get services(): readonly RetailService[] {
    return [this.ui, this.catalog, this.carts, this.checkout, this.orders];
  }
}
