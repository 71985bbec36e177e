import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { RetailApplication } from '../../lib/config/lab-config';
import { IMAGE_PINS, ImagePin, labImagePins, pinnedImage, pinnedVersion } from '../../lib/plan/image-pins';
import { labConfig, synthLab } from '../support/fixtures';
import { podTemplateOf } from '../support/api-server-rules';
import { renderKubernetesObjects } from '../support/render-k8s';

/* eslint-disable @typescript-eslint/no-explicit-any -- rendered API objects are untyped JSON */

/** Tags that name no release in any registry: they move whenever the publisher pushes. */
const GENERIC_FLOATING = new Set(['latest', 'stable', 'unstable', 'edge', 'lts', 'current', 'mainline', 'nightly', 'main', 'master']);

/** A release tag: at least major.minor, an optional patch, an optional variant suffix (`-alpine`). */
const RELEASE_TAG = /^v?\d+\.\d+(\.\d+)?(-[a-z][a-z0-9.]*)?$/;

const pins = Object.entries(IMAGE_PINS) as Array<[string, ImagePin]>;

/** Every container image of every pod template the workloads stack renders. */
function imagesOf(application: RetailApplication): string[] {
  const stack = synthLab(labConfig({ application }))['eks-workshop-workloads'];
  return renderKubernetesObjects(stack).flatMap((r) => {
    const spec = podTemplateOf(r.object)?.spec;
    return [...(spec?.containers ?? []), ...(spec?.initContainers ?? [])].map((c: any) => c.image as string);
  });
}

describe('image pins', () => {
  test.each(pins)('%s is a release tag, not a floating one', (_name, pin) => {
    expect(pin.tag).toMatch(RELEASE_TAG);
    expect(GENERIC_FLOATING.has(pin.tag)).toBe(false);
    expect(pin.floatingTags).not.toContain(pin.tag);
  });

  test.each(pins)('%s is the version its source names', (_name, pin) => {
    expect(pin.tag.replace(/^v/, '')).toBe(pin.citedVersion.replace(/^v/, ''));
    expect(pin.source).toContain(pin.citedVersion);
    expect(pin.source).toMatch(/^https:\/\//);
  });

  test('the images issue 22 moved: BusyBox still in the official library, AWS for Fluent Bit 3.4 or newer, kubectl past its .0 patch', () => {
    expect(pinnedVersion(IMAGE_PINS.busybox)).not.toMatch(/^1\.36\./);
    const [major, minor] = pinnedVersion(IMAGE_PINS.fluentBit).split('.').map(Number);
    expect(major * 100 + minor).toBeGreaterThanOrEqual(304);
    expect(pinnedVersion(IMAGE_PINS.kubectl)).toMatch(/^1\.35\.[1-9]\d*$/);
  });

  test('the workloads stack runs only pinned images, and every pin is used', () => {
    const allowed = new Set(pins.flatMap(([, pin]) => pin.repositories.map((repository) => pinnedImage(pin, repository))));
    const images = new Set([...imagesOf(RetailApplication.STORE), ...imagesOf(RetailApplication.DATA_STORES)]);
    expect([...images].filter((image) => !allowed.has(image))).toEqual([]);
    expect([...allowed].filter((image) => !images.has(image))).toEqual([]);
  });

  test.each(Object.values(RetailApplication))('labImagePins(%s) lists exactly the images its workloads stack runs', (application) => {
    const listed = labImagePins(application).flatMap((pin) => pin.repositories.map((repository) => pinnedImage(pin, repository)));
    expect([...new Set(imagesOf(application))].sort()).toEqual([...listed].sort());
  });

  test('pinnedImage refuses a repository the pin does not cover', () => {
    expect(pinnedImage(IMAGE_PINS.busybox)).toBe(`public.ecr.aws/docker/library/busybox:${IMAGE_PINS.busybox.tag}`);
    expect(() => pinnedImage(IMAGE_PINS.busybox, 'docker.io/library/busybox')).toThrow(/docker.io\/library\/busybox is not a repository of this pin/);
  });

  test('docs/workloads.md names the pinned versions of the module images', () => {
    const doc = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'workloads.md'), 'utf8');
    expect(doc).toContain(`AWS for Fluent Bit ${pinnedVersion(IMAGE_PINS.fluentBit)}`);
    expect(doc).toContain(`kubectl ${pinnedVersion(IMAGE_PINS.kubectl)}`);
    expect(doc).toContain(`BusyBox ${pinnedVersion(IMAGE_PINS.busybox)}`);
  });
});
