import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { augmentImages, CROP_PADDING } from './augment';

// Eight 6×5 RGB images with distinct pixel values (1…), so any move is visible.
const shape: [number, number, number, number] = [8, 6, 5, 3];
const size = shape.reduce((a, b) => a * b, 1);
const images = () =>
  tf.tensor4d(
    Float32Array.from({ length: size }, (_, i) => i + 1),
    shape,
  );

describe(augmentImages.name, () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('keeps the shape, and `none` is a copy', () => {
    const xs = images();
    const none = augmentImages(xs, 'none', 7);
    const cropped = augmentImages(xs, 'crop-flip', 7);
    expect(none.shape).toEqual(shape);
    expect(cropped.shape).toEqual(shape);
    expect(Array.from(none.dataSync())).toEqual(Array.from(xs.dataSync()));
    tf.dispose([xs, none, cropped]);
  });

  it('is a function of the seed: same seed same batch, another seed another', () => {
    const xs = images();
    const [a, b, c] = [7, 7, 8].map((seed) => augmentImages(xs, 'crop-flip', seed));
    expect(Array.from(a?.dataSync() ?? [])).toEqual(Array.from(b?.dataSync() ?? []));
    expect(Array.from(a?.dataSync() ?? [])).not.toEqual(Array.from(c?.dataSync() ?? []));
    tf.dispose([xs, a, b, c] as tf.Tensor[]);
  });

  it('crops within the zero padding and flips: every image is a shifted, maybe mirrored copy', () => {
    const xs = images();
    const out = augmentImages(xs, 'crop-flip', 3);
    const src = xs.arraySync();
    const got = out.arraySync();
    const [, h, w] = shape;
    const p = CROP_PADDING;
    const pixel = (i: number, y: number, x: number) =>
      y >= 0 && y < h && x >= 0 && x < w ? src[i]?.[y]?.[x] : [0, 0, 0];
    let moved = 0;
    let flipped = 0;
    got.forEach((image, i) => {
      // Find the one offset and orientation that explains the whole output image.
      const matches: { dy: number; dx: number; flip: boolean }[] = [];
      for (let dy = -p; dy <= p; dy++)
        for (let dx = -p; dx <= p; dx++)
          for (const flip of [false, true]) {
            const same = image.every((row, y) =>
              row.every(
                (v, x) =>
                  JSON.stringify(v) ===
                  JSON.stringify(pixel(i, y + dy, (flip ? w - 1 - x : x) + dx)),
              ),
            );
            if (same) matches.push({ dy, dx, flip });
          }
      expect(matches.length).toBeGreaterThanOrEqual(1);
      const m = matches[0] as { dy: number; dx: number; flip: boolean };
      if (m.dy !== 0 || m.dx !== 0) moved += 1;
      if (m.flip) flipped += 1;
    });
    expect(moved).toBeGreaterThan(0);
    expect(flipped).toBeGreaterThan(0);
    expect(flipped).toBeLessThan(shape[0]);
    tf.dispose([xs, out]);
  });

  it('rejects an unknown augmentation', () => {
    const xs = images();
    expect(() => augmentImages(xs, 'mixup' as never, 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_ARGUMENT' }),
    );
    xs.dispose();
  });
});
