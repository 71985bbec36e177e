import { RetailApplication } from '../config/lab-config';
import { CpuArchitecture } from './instance-architecture';

/**
 * Every container image the workloads stack runs, pinned to a release that does not move, with the
 * source that names that release. The constructs take their images from here, and so do the learner
 * path and the handouts (which tell the learner what runs), without loading a construct.
 * `test/plan/image-pins.test.ts` checks that no pin is a floating tag, that each tag is the version its
 * source names, and that the workloads stack runs no image outside this list.
 */

/** One pinned image (or several repositories released together under one version). */
export interface ImagePin {
  /** Registry and repository of each image the pin covers, e.g. `public.ecr.aws/docker/library/busybox`. */
  readonly repositories: readonly string[];
  /** The tag: a release, never a tag that moves to newer builds. */
  readonly tag: string;
  /** The version exactly as the cited source names it (a leading `v` aside, it is {@link tag}). */
  readonly citedVersion: string;
  /** Where the version was confirmed, with the date read. */
  readonly source: string;
  /** Tags of the same image that move to newer releases or builds (as the source lists them): a pin must use none. */
  readonly floatingTags: readonly string[];
  /**
   * The node architectures the tag's manifest list is confirmed to carry (a node of another
   * architecture cannot run it). Only what {@link architectureSource} confirms is listed.
   */
  readonly architectures: readonly CpuArchitecture[];
  /** Where {@link architectures} was confirmed, with the date read. */
  readonly architectureSource: string;
}

/** `<repository>:<tag>` of a pin that covers one repository. */
export function pinnedImage(pin: ImagePin, repository: string = pin.repositories[0]): string {
  if (!pin.repositories.includes(repository)) throw new Error(`pinnedImage: ${repository} is not a repository of this pin (${pin.repositories.join(', ')})`);
  return `${repository}:${pin.tag}`;
}

/** The version of a pin without a leading `v`, as people read it (`1.35.9`). */
export function pinnedVersion(pin: ImagePin): string {
  return pin.tag.replace(/^v/, '');
}

const OFFICIAL_IMAGES = 'https://github.com/docker-library/official-images/blob/37079fb336/library';

/**
 * public.ecr.aws/docker/library/<name> is ECR Public's copy of the Docker Official Image <name>: the
 * same manifest lists, whose architectures the official-images library file lists per tag.
 */
const OFFICIAL_IMAGE_ARCHITECTURES = 'Docker Official Image: the library file lists "Architectures: amd64, ..., arm64v8, ..." for this tag';

const { AMD64, ARM64 } = CpuArchitecture;

/** The services of the retail store sample application, by image name (`retail-store-sample-<name>`). */
const RETAIL_STORE_SERVICES = ['ui', 'catalog', 'cart', 'checkout', 'orders'] as const;

/** The pins, by what they run. */
export const IMAGE_PINS = {
  /**
   * BusyBox for the Job and the CronJob (the workshop: `busybox:1.36`). 1.36.1 left the official image
   * library on 2026-05-22 (official-images da3b030b9d) and is no longer rebuilt; 1.37.0 is still in the
   * library and was rebuilt on 2026-07-31, and is not the `unstable` line (1.38.0).
   */
  busybox: {
    repositories: ['public.ecr.aws/docker/library/busybox'],
    tag: '1.37.0',
    // https://github.com/docker-library/official-images/blob/aea914b473/library/busybox (2026-07-31): "Tags: 1.37.0, 1.37"
    citedVersion: '1.37.0',
    source: 'https://github.com/docker-library/official-images/blob/aea914b473/library/busybox (2026-07-31: "Tags: 1.37.0, 1.37"; read 2026-12-07)',
    floatingTags: ['1.37', '1', 'unstable', 'latest', 'stable'],
    architectures: [AMD64, ARM64],
    architectureSource: 'https://github.com/docker-library/official-images/blob/aea914b473/library/busybox (1.37.0: "Architectures: amd64, arm32v5, arm32v7, arm64v8, ..."; read 2026-12-07): ' + OFFICIAL_IMAGE_ARCHITECTURES,
  },
  /** AWS for Fluent Bit, the DaemonSet's image (the workshop: the floating tag `stable`); ECR Public tags are the bare version. */
  fluentBit: {
    repositories: ['public.ecr.aws/aws-observability/aws-for-fluent-bit'],
    tag: '3.5.10',
    // https://github.com/aws/aws-for-fluent-bit/releases/tag/v3.5.10 (2026-11-21, "Latest", Fluent Bit v5.1.5)
    citedVersion: 'v3.5.10',
    source: 'https://github.com/aws/aws-for-fluent-bit/releases/tag/v3.5.10 (released 2026-11-21, marked Latest: Fluent Bit v5.1.5; read 2026-12-07)',
    floatingTags: ['stable', 'latest', '3'],
    architectures: [AMD64, ARM64],
    architectureSource: 'https://github.com/aws/aws-for-fluent-bit/blob/cd557e0312/README.md#arm64-and-amd64-images ("distributes container images for arm64 and amd64 CPU architectures. Our images all use multi-architecture tags"; read 2026-12-07)',
  },
  /**
   * kubectl for the DaemonSet's rollout wait: the newest patch of 1.35, which supports API servers
   * 1.34-1.36 (the lab offers 1.35 and 1.36). Each patch release publishes `registry.k8s.io/kubectl:v<version>`.
   */
  kubectl: {
    repositories: ['registry.k8s.io/kubectl'],
    tag: 'v1.35.9',
    // https://kubernetes.io/releases/1.35/ : "Latest patch release 1.35.9 (Released on 2026-09-15)"
    citedVersion: '1.35.9',
    source:
      'https://kubernetes.io/releases/1.35/ ("Latest patch release 1.35.9, released on 2026-09-15"; maintenance mode from 2026-12-28, end of life 2027-02-28; read 2026-12-07); ' +
      'container images per release: https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.35.md',
    floatingTags: ['latest'],
    architectures: [AMD64, ARM64],
    architectureSource: 'https://github.com/kubernetes/kubernetes/blob/008b365295/CHANGELOG/CHANGELOG-1.35.md#container-images (every 1.35 patch: "All container images are available as manifest lists", registry.k8s.io/kubectl for amd64, arm64, ppc64le, s390x; read 2026-12-07 up to v1.35.4)',
  },
  /** MySQL 8.4 LTS for `catalog-mysql` (why 8.4: lib/workloads/database-engine.ts). */
  mysql: {
    repositories: ['public.ecr.aws/docker/library/mysql'],
    tag: '8.4.11',
    // official-images library/mysql (2026-08-21): "Tags: 8.4.11, 8.4, 8, ..."
    citedVersion: '8.4.11',
    source: `${OFFICIAL_IMAGES}/mysql (2026-08-21: "Tags: 8.4.11, 8.4, 8, ...")`,
    floatingTags: ['8.4', '8', 'lts', 'latest'],
    architectures: [AMD64, ARM64],
    architectureSource: `${OFFICIAL_IMAGES}/mysql (8.4.11: "Architectures: amd64, arm64v8"; read 2026-12-07): ${OFFICIAL_IMAGE_ARCHITECTURES}`,
  },
  /** Redis 8.10 on Alpine for `checkout-redis` (why 8: lib/workloads/database-engine.ts). */
  redis: {
    repositories: ['public.ecr.aws/docker/library/redis'],
    tag: '8.10.1-alpine',
    // official-images library/redis (2026-08-21): "Tags: 8.10.1-alpine, 8.10-alpine, 8-alpine, ..., alpine"
    citedVersion: '8.10.1-alpine',
    source: `${OFFICIAL_IMAGES}/redis (2026-08-21: "Tags: 8.10.1-alpine, 8.10-alpine, 8-alpine, ..., alpine")`,
    floatingTags: ['8.10-alpine', '8-alpine', 'alpine', 'latest'],
    architectures: [AMD64, ARM64],
    architectureSource: `${OFFICIAL_IMAGES}/redis (8.10.1-alpine: "Architectures: amd64, arm32v6, arm32v7, arm64v8, ..."; read 2026-12-07): ${OFFICIAL_IMAGE_ARCHITECTURES}`,
  },
  /** PostgreSQL 16 for `orders-postgresql` (why 16.15: lib/workloads/database-engine.ts). */
  postgres: {
    repositories: ['public.ecr.aws/docker/library/postgres'],
    tag: '16.15',
    // official-images library/postgres (2026-08-21): "Tags: 16.15, 16, 16.15-trixie, 16-trixie"
    citedVersion: '16.15',
    source: `${OFFICIAL_IMAGES}/postgres (2026-08-21: "Tags: 16.15, 16, 16.15-trixie, 16-trixie")`,
    floatingTags: ['16', 'latest'],
    architectures: [AMD64, ARM64],
    architectureSource: `${OFFICIAL_IMAGES}/postgres (16.15: "Architectures: amd64, arm32v5, arm32v7, arm64v8, ..."; read 2026-12-07): ${OFFICIAL_IMAGE_ARCHITECTURES}`,
  },
  /** The retail store sample application's five services, released together (why 1.6.2: lib/workloads/retail-store-images.ts). */
  retailStore: {
    repositories: RETAIL_STORE_SERVICES.map((service) => `public.ecr.aws/aws-containers/retail-store-sample-${service}`),
    tag: '1.6.2',
    // https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/CHANGELOG.md : "1.6.2 (2026-07-28)"
    citedVersion: 'v1.6.2',
    source: 'https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/CHANGELOG.md ("1.6.2 (2026-07-28)")',
    floatingTags: ['latest'],
    architectures: [AMD64, ARM64],
    architectureSource: 'https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/scripts/create-manifest.sh (the release tag is a manifest of the -amd64 and -arm64 builds of .github/workflows/artifacts.yaml; README: "Pre-built container images for both x86-64 and ARM64"; read 2026-12-07)',
  },
  /** DynamoDB Local for `carts-dynamodb`, as the sample app's own carts chart runs it. */
  dynamodbLocal: {
    repositories: ['public.ecr.aws/aws-dynamodb-local/aws-dynamodb-local'],
    tag: '1.25.1',
    // https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/src/cart/chart/values.yaml : dynamodb.image.tag "1.25.1"
    citedVersion: '1.25.1',
    source: 'https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/src/cart/chart/values.yaml (dynamodb.image.tag "1.25.1")',
    floatingTags: ['latest'],
    architectures: [AMD64],
    architectureSource: 'arm64 NOT confirmed: an AWS maintainer wrote on 2025-06-10 that "DynamoDB Local\'s Docker image is built for x86-64 architecture" (https://github.com/awslabs/amazon-dynamodb-local-samples/issues/23); no source names a linux/arm64 manifest for 1.25.1 (read 2026-12-07)',
  },
} as const satisfies Record<string, ImagePin>;

/**
 * The pins the workloads stack of `application` runs: the store's images only with the whole retail
 * store. `test/plan/image-pins.test.ts` checks this against the synthesized stack of each application.
 */
export function labImagePins(application: RetailApplication): readonly ImagePin[] {
  const { retailStore, dynamodbLocal, ...modules } = IMAGE_PINS;
  return [...Object.values(modules), ...(application === RetailApplication.STORE ? [retailStore, dynamodbLocal] : [])];
}

/**
 * The problem when nodes of `architecture` cannot run every image of `application` (the pod would
 * fail with `exec format error` and the deploy wait for it until it times out). Undefined when they can.
 */
export function imageArchitectureProblem(application: RetailApplication, architecture: CpuArchitecture, instanceTypes: readonly string[]): string | undefined {
  const missing = labImagePins(application).filter((pin) => !pin.architectures.includes(architecture));
  if (missing.length === 0) return undefined;
  return (
    `nodeGroup.instanceTypes (${instanceTypes.join(', ')}) are ${architecture} nodes, but ` +
    missing.map((pin) => `${pin.repositories.map((r) => pinnedImage(pin, r)).join(', ')} is confirmed for ${pin.architectures.join(', ')} only (${pin.architectureSource})`).join('; ') +
    `: choose ${CpuArchitecture.AMD64} (x86_64) instance types` +
    (application === RetailApplication.STORE ? `, or application: ${RetailApplication.DATA_STORES} (it runs none of the store's images)` : '')
  );
}
