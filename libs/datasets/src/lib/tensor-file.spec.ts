import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { patternImages } from '../test/fixtures';
import { TensorFile, verifyTensorFile, writeTensorFile } from './tensor-file';

const shape = { height: 2, width: 3, channels: 2, dtype: 'uint8' } as const;
const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'tensor-file-'));

describe('tensor file', () => {
  it('writes images in chunks and reads single images back at their offsets', async () => {
    const images = patternImages(5, 12);
    const labels = Uint8Array.of(0, 1, 2, 1, 0);
    const file = path.join(tmp(), 'a.mstensor');
    const chunks = [images.subarray(0, 7), images.subarray(7, 40), images.subarray(40)];
    const written = await writeTensorFile(file, shape, [
      { name: 'train', count: 5, labels, images: chunks },
      { name: 'test', count: 1, labels: Uint8Array.of(2), images: [patternImages(1, 12)] },
    ]);
    expect(written.header).toMatchObject({ numClasses: 3, labelRange: [0, 2] });
    expect(written.sizeBytes).toBe(readFileSync(file).length);
    const tensors = TensorFile.open(file);
    try {
      const train = tensors.split('train');
      expect(tensors.readLabels(train)).toEqual(labels);
      const target = new Uint8Array(24);
      tensors.readImage(train, 3, target, 12);
      expect(target.subarray(12)).toEqual(images.subarray(36, 48));
      expect(tensors.readLabels(tensors.split('test'))).toEqual(Uint8Array.of(2));
    } finally {
      tensors.close();
    }
    await expect(verifyTensorFile(file, written.checksum)).resolves.toBe(written.checksum);
  });

  it('gives the same data the same checksum, and detects a flipped byte', async () => {
    const split = () => [
      {
        name: 'train' as const,
        count: 2,
        labels: Uint8Array.of(0, 1),
        images: [patternImages(2, 12)],
      },
    ];
    const [a, b] = [path.join(tmp(), 'a'), path.join(tmp(), 'b')];
    const first = await writeTensorFile(a, shape, split());
    expect((await writeTensorFile(b, shape, split())).checksum).toBe(first.checksum);
    const bytes = readFileSync(a);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 40) ^ 1, bytes.length - 40);
    writeFileSync(a, bytes);
    await expect(verifyTensorFile(a)).rejects.toThrow(/does not match its own checksum/);
  });

  it('refuses image bytes that do not match the count, and a single class', async () => {
    const file = path.join(tmp(), 'c');
    await expect(
      writeTensorFile(file, shape, [
        { name: 'train', count: 2, labels: Uint8Array.of(0, 1), images: [new Uint8Array(13)] },
      ]),
    ).rejects.toThrow(/13 image bytes for 2 images of 12 bytes/);
    await expect(
      writeTensorFile(file, shape, [
        { name: 'train', count: 1, labels: Uint8Array.of(0), images: [new Uint8Array(12)] },
      ]),
    ).rejects.toThrow(/at least two classes/);
  });
});
