import { ResourceRequirements } from './container-security';

/** Properties of a database engine image: what the StatefulSet needs to run it well. */
export interface DatabaseEngineProps {
  /** Value of the `app.kubernetes.io/component` label, e.g. `mysql`. */
  readonly label: string;
  /** Container image, pinned to a tag or digest. */
  readonly image: string;
  /** Name of the container port and of the Service port (IANA_SVC_NAME, at most 15 characters). */
  readonly portName: string;
  /** Port the engine listens on. */
  readonly port: number;
  /** Where the `data` volume is mounted. */
  readonly dataMountPath: string;
  /** Command the readiness and liveness probes run inside the container. */
  readonly probeCommand: readonly string[];
  /** Non-root user id the image's entrypoint supports. */
  readonly runAsUser: number;
  /** Group id of that user. */
  readonly runAsGroup: number;
  /** Group that owns the data volume (fsGroup). */
  readonly fsGroup: number;
  /** Arguments appended to the image's entrypoint. @default [] */
  readonly args?: readonly string[];
  /** Environment the engine always needs (literal values). @default {} */
  readonly env?: Readonly<Record<string, string>>;
  /** Default requests and limits. */
  readonly resources: ResourceRequirements;
  /** Seconds the engine may take to initialize an empty volume before liveness restarts it. */
  readonly initializationSeconds: number;
}

/**
 * A database engine the lab runs as a StatefulSet. The static factories describe the retail sample
 * app's three data stores with the workshop's images.
 */
export class DatabaseEngine {
  /**
   * MySQL 8.0 (official image on ECR Public, as the retail sample's catalog chart). Its data directory
   * is a subfolder of the volume: `mysqld --initialize` refuses a non-empty directory, and a fresh ext4
   * EBS volume holds `lost+found`.
   *
   * @see https://github.com/aws-containers/retail-store-sample-app (src/catalog/chart/values.yaml: mysql:8.0)
   */
  public static mysql(): DatabaseEngine {
    return new DatabaseEngine({
      label: 'mysql',
      image: 'public.ecr.aws/docker/library/mysql:8.0',
      portName: 'mysql',
      port: 3306,
      dataMountPath: '/var/lib/mysql',
      args: ['--datadir=/var/lib/mysql/data'],
      // Exit status 0 whenever the server answers, even "access denied": no credentials in the probe.
      probeCommand: ['mysqladmin', 'ping', '-h', '127.0.0.1'],
      runAsUser: 999, // mysql user of the official image
      runAsGroup: 999,
      fsGroup: 999,
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      initializationSeconds: 120,
    });
  }

  /**
   * Redis 6.0 on Alpine (as the retail sample's checkout chart), persisting to its volume with the
   * append-only file so data survives a pod restart.
   *
   * @see https://github.com/aws-containers/retail-store-sample-app (src/checkout/chart/values.yaml: redis:6.0-alpine)
   */
  public static redis(): DatabaseEngine {
    return new DatabaseEngine({
      label: 'redis',
      image: 'public.ecr.aws/docker/library/redis:6.0-alpine',
      portName: 'redis',
      port: 6379,
      dataMountPath: '/data',
      args: ['redis-server', '--appendonly', 'yes', '--dir', '/data'],
      probeCommand: ['redis-cli', 'ping'],
      runAsUser: 999, // redis user of the Alpine image (group redis = 1000)
      runAsGroup: 1000,
      fsGroup: 1000,
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
      initializationSeconds: 30,
    });
  }

  /**
   * PostgreSQL 16.1 (as the retail sample's orders chart), with PGDATA in a subfolder of the volume.
   *
   * @see https://github.com/aws-containers/retail-store-sample-app (src/orders/chart/values.yaml: postgres:16.1)
   */
  public static postgresql(): DatabaseEngine {
    return new DatabaseEngine({
      label: 'postgresql',
      image: 'public.ecr.aws/docker/library/postgres:16.1',
      portName: 'postgresql',
      port: 5432,
      dataMountPath: '/data',
      env: { PGDATA: '/data/pgdata' },
      // pg_isready needs no valid credentials; TCP so it fails while initdb runs on the socket only.
      probeCommand: ['pg_isready', '-h', '127.0.0.1', '-p', '5432'],
      runAsUser: 999, // postgres user of the official image
      runAsGroup: 999,
      fsGroup: 999,
      resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
      initializationSeconds: 60,
    });
  }

  /** Any other engine. */
  public static custom(props: DatabaseEngineProps): DatabaseEngine {
    return new DatabaseEngine(props);
  }

  private constructor(public readonly props: DatabaseEngineProps) {}
}
