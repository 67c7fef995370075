import type { Retraining } from '../../api/types';

/** One download of a retrained result: a link label, its URL and the file name it saves as. */
export interface RetrainingDownload {
  readonly label: string;
  readonly href: string;
  readonly filename: string;
}

/**
 * What a succeeded retraining offers to download: the TF.js layers model (model.json and its
 * weight shard, saved under the names the manifest expects, so the two files beside each
 * other load with `tf.loadLayersModel`) and the network description it trained. Nothing
 * before it has succeeded (the API answers 409 then).
 */
export function retrainingDownloads(t: Pick<Retraining, 'id' | 'status'>): RetrainingDownload[] {
  if (t.status !== 'SUCCEEDED') return [];
  const base = `/api/retrainings/${t.id}`;
  return [
    { label: 'Download TF.js model', href: `${base}/model`, filename: 'model.json' },
    { label: 'weights', href: `${base}/model.weights.bin`, filename: 'model.weights.bin' },
    { label: 'network', href: `${base}/network`, filename: `network-${t.id}.json` },
  ];
}
