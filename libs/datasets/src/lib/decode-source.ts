import type { DatasetFormat } from '@morphsweep/contracts';
import type { DecodedDataset } from './decoded-dataset';
import { decodeCifar } from './formats/cifar.format';
import { decodeIdx } from './formats/idx.format';
import { decodeImageFolder } from './formats/image-folder.format';
import { decodeNpyFiles, decodeNpz } from './formats/numpy.format';
import type { SourceFiles } from './source-files';

/** Decodes `files` as `format` (the readers' errors as they are). */
export function decodeSource(files: SourceFiles, format: DatasetFormat): Promise<DecodedDataset> {
  switch (format) {
    case 'idx':
      return decodeIdx(files);
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
