import { IMAGE_PINS, pinnedImage } from '../plan/image-pins';
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
  /**
   * Seconds the engine may take to start (initialize an empty volume on first start, replay its
   * log later) before the startup probe gives up and the kubelet restarts the container. Liveness
   * checks begin only after the startup probe has passed.
   */
  readonly initializationSeconds: number;
}

/**
 * A database engine the lab runs as a StatefulSet. The static factories describe the retail sample
 * app's three data stores with the workshop's images.
 */
export class DatabaseEngine {
  /**
   * MySQL 8.4 LTS (official image on ECR Public). The workshop's `mysql:8.0` left upstream support in
   * April 2026; 8.4 is the LTS line an 8.0 data directory upgrades to in place, and its default
   * authentication (`caching_sha2_password`) is 8.0's, which the catalog's Go driver speaks. Its data
   * directory is a subfolder of the volume: `mysqld --initialize` refuses a non-empty directory, and
   * a fresh ext4 EBS volume holds `lost+found`.
   *
   * @see https://github.com/docker-library/official-images/blob/master/library/mysql (8.4.11, tags 8.4.11 and 8.4)
   * @see https://github.com/aws-containers/retail-store-sample-app (src/catalog/go.mod: go-sql-driver/mysql v1.8.1, release 1.6.2)
   */
  public static mysql(): DatabaseEngine {
    return new DatabaseEngine({
      label: 'mysql',
      image: pinnedImage(IMAGE_PINS.mysql),
      portName: 'mysql',
      port: 3306,
      dataMountPath: '/var/lib/mysql',
      args: ['--datadir=/var/lib/mysql/data'],
      // Exit status 0 whenever the server answers, even "access denied": no credentials in the probe.
      // Over TCP, so it fails while the entrypoint's temporary init server runs with --skip-networking.
      probeCommand: ['mysqladmin', 'ping', '-h', '127.0.0.1'],
      runAsUser: 999, // mysql user of the official image (docker-library/mysql 8.4/Dockerfile.oracle)
      runAsGroup: 999,
      fsGroup: 999,
      resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      // First start: --initialize, a temporary server, the catalog database and user; minutes on a slow node.
      initializationSeconds: 300,
    });
  }

  /**
   * Redis 8.10 on Alpine, persisting to its volume with the append-only file so data survives a pod
   * restart. The workshop's `redis:6.0-alpine` left support in 2024. Redis 7.4 is under RSALv2/SSPL
   * only; Redis 8 is also offered under the OSI-approved AGPLv3, whose obligations apply to modified
   * versions offered over a network, not to running the unmodified image as a lab database. The
   * checkout service (ioredis 5) uses plain strings with expiry, which every Redis version serves.
   * The image disables protected mode at build time, so clients in the namespace connect without a
   * password, as with the workshop's image.
   *
   * @see https://github.com/docker-library/official-images/blob/master/library/redis (8.10.1-alpine, the newest 8.x line)
   * @see https://redis.io/legal/licenses/ (Redis 8: RSALv2, SSPLv1 or AGPLv3)
   */
  public static redis(): DatabaseEngine {
    return new DatabaseEngine({
      label: 'redis',
      image: pinnedImage(IMAGE_PINS.redis),
      portName: 'redis',
      port: 6379,
      dataMountPath: '/data',
      args: ['redis-server', '--appendonly', 'yes', '--dir', '/data'],
      probeCommand: ['redis-cli', 'ping'],
      runAsUser: 999, // redis user of the Alpine image (group redis = 1000)
      runAsGroup: 1000,
      fsGroup: 1000,
      resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '250m', memory: '256Mi' } },
      // Replaying a long append-only file after a restart.
      initializationSeconds: 60,
    });
  }

  /**
   * PostgreSQL 16.15, the newest release of the 16 line the retail sample's orders chart uses
   * (`postgres:16.1`, which is 14 security releases behind). Staying on 16 keeps a 16 data directory
   * usable without `pg_upgrade`; the line is supported until November 2028. PGDATA is a subfolder of
   * the volume.
   *
   * @see https://github.com/docker-library/official-images/blob/master/library/postgres (16.15)
   * @see https://github.com/aws-containers/retail-store-sample-app (src/orders/chart/values.yaml: postgres 16.1, release 1.6.2)
   * @see https://www.postgresql.org/support/versioning/
   */
  public static postgresql(): DatabaseEngine {
    return new DatabaseEngine({
      label: 'postgresql',
      image: pinnedImage(IMAGE_PINS.postgres),
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
      // First start: initdb, a temporary server, the orders database and user.
      initializationSeconds: 180,
    });
  }

  /** Any other engine. */
  public static custom(props: DatabaseEngineProps): DatabaseEngine {
    return new DatabaseEngine(props);
  }

  private constructor(public readonly props: DatabaseEngineProps) {}
}
