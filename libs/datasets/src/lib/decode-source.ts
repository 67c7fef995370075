import type { DatasetFormat } from '@morphsweep/contracts';
import type { DecodedDataset } from './decoded-dataset';
import { decodeCifar } from './formats/cifar.format';
import { decodeImageFolder } from './formats/image-folder.format';
import { decodeNpyFiles, decodeNpz } from './formats/numpy.format';
import type { SourceFiles } from './source-files';

/** Decodes `files` as `format` into memory (IDX streams instead: `sourceSplits`). */
export function decodeSource(
  files: SourceFiles,
  format: Exclude<DatasetFormat, 'idx'>,
): Promise<DecodedDataset> {
  switch (format) {
    case 'cifar10':
    case 'cifar100':
      return decodeCifar(files, format);
    case 'npy':
      return decodeNpyFiles(files);
    case 'npz':
      return decodeNpz(files);
    case 'image-folder':
      return decodeImageFolder(files);
  }
}
