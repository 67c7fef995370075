import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { SMALL_ZOO_NETWORKS, ZOO_NETWORKS } from '@morphsweep/morphnet';
import { ZooController } from './zoo.controller';

describe(`${ZooController.name}: realistic seeds`, () => {
  it('lists them with their trainable parameters, sized once and then served from the cache', () => {
    const controller = new ZooController();
    const entries = controller.list();
    expect(entries.map((e) => e.name)).toEqual(ZOO_NETWORKS);
    const byName = new Map(entries.map((e) => [e.name, e]));
    // Published counts (libs/morphnet zoo/seed-zoo.spec.ts says where each comes from).
    expect(byName.get('cifar-resnet20')?.parameters).toBe(272_474);
    expect(byName.get('imagenet-mobilenetv2')?.parameters).toBe(3_504_872);
    expect(byName.get('imagenet-vgg16-bn')?.parameters).toBe(138_365_992);
    // FLOPs count a multiply-add as 2: torchvision gives vgg16_bn 15.47 G multiply-adds.
    const vgg16 = byName.get('imagenet-vgg16-bn')!.flops;
    expect(Math.round(vgg16 / 2 / 1e7) / 100).toBe(15.47);
    const small = Math.max(...SMALL_ZOO_NETWORKS.map((n) => byName.get(n)!.flops));
    expect(vgg16).toBeGreaterThan(100 * small);
    expect(byName.get('cifar-resnet20-gated')?.gated).toBe(true);
    // The FLOPs of every network were computed by the first call only.
    expect(controller.list()).toBe(entries);
  });
});
