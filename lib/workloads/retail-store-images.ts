import { IMAGE_PINS, pinnedImage } from '../plan/image-pins';

/**
 * Release of the retail store sample application the lab runs: 1.6.2 (2026-07-28), its newest. The
 * workshop's base application pins 1.2.1; the settings the lab writes (ConfigMap keys, Secret keys,
 * ports, probe paths) are the same in both, and 1.6.2's charts default their image tag to this
 * version. The release workflow pushes each service as `retail-store-sample-<service>:<version>`
 * (the tag without `v`) to ECR Public.
 *
 * @see https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/CHANGELOG.md (1.6.2, 2026-07-28)
 * @see https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/.github/workflows/artifacts.yaml (IMAGE_TAG=${TAG_NAME#v})
 * @see https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/src/ui/chart/values.yaml (public.ecr.aws/aws-containers/retail-store-sample-ui, tag: Chart.Version 1.6.2)
 */
export const RETAIL_STORE_RELEASE = IMAGE_PINS.retailStore.tag;

/** The sample application's services, by the name of their image (`retail-store-sample-<name>`). */
export enum RetailStoreImage {
  /** The web store (Java). */
  UI = 'ui',
  /** Product catalog (Go), backed by MySQL. */
  CATALOG = 'catalog',
  /** Shopping carts (Java), backed by DynamoDB; its Kubernetes objects are named `carts`. */
  CART = 'cart',
  /** Checkout (Node.js), backed by Redis. */
  CHECKOUT = 'checkout',
  /** Orders (Java), backed by PostgreSQL. */
  ORDERS = 'orders',
}

/** The ECR Public image of one service at {@link RETAIL_STORE_RELEASE}. */
export function retailStoreImage(service: RetailStoreImage): string {
  return pinnedImage(IMAGE_PINS.retailStore, `public.ecr.aws/aws-containers/retail-store-sample-${service}`);
}

/**
 * DynamoDB Local 1.25.1 from ECR Public, as the sample app's own carts chart runs it (the workshop
 * pulls the same version from Docker Hub as `amazon/dynamodb-local`, which rate-limits pulls).
 *
 * @see https://github.com/aws-containers/retail-store-sample-app/blob/v1.6.2/src/cart/chart/values.yaml (dynamodb.image)
 */
export const DYNAMODB_LOCAL_IMAGE = pinnedImage(IMAGE_PINS.dynamodbLocal);
