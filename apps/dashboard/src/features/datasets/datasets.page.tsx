import { useQuery } from '@tanstack/react-query';
import { useApiClient } from '../../api/api-client.provider';
import type { Dataset } from '../../api/types';
import { when } from '../../components/format';

/** The shape a dataset's images have, as a network's input must take them. */
export function imageShapeOf(d: Pick<Dataset, 'height' | 'width' | 'channels'>): string {
  return `${d.height}×${d.width}×${d.channels}`;
}

/**
 * Every registered dataset with what its registration found. Registering is `POST
 * /api/datasets` (README: "Bring your own dataset"); a sweep picks one in the submit form.
 */
export function DatasetsPage() {
  const api = useApiClient();
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: () => api.listDatasets() });
  return (
    <section aria-labelledby="datasets-title">
      <div className="page-head">
        <h1 id="datasets-title">Datasets</h1>
      </div>
      <p>
        Built in: <code>fashion-mnist</code> and <code>synthetic</code> (28×28×1, 10 classes).
        Register your own with <code>POST /api/datasets</code> — IDX, CIFAR binary, NumPy{' '}
        <code>.npy</code>/<code>.npz</code> or image folders, from <code>file://</code> or{' '}
        <code>s3://</code>.
      </p>
      {datasets.isError && <p role="alert">Could not load datasets: {String(datasets.error)}</p>}
      {datasets.data && datasets.data.items.length === 0 && <p>No registered datasets yet.</p>}
      {datasets.data && datasets.data.items.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Format</th>
                <th scope="col">Images</th>
                <th scope="col">Source dtype</th>
                <th scope="col">Classes (labels)</th>
                <th scope="col">Train / test</th>
                <th scope="col">Checksum</th>
                <th scope="col">URI</th>
                <th scope="col">Registered</th>
              </tr>
            </thead>
            <tbody>
              {datasets.data.items.map((d) => (
                <tr key={d.id}>
                  <td>{d.name}</td>
                  <td>{d.format}</td>
                  <td>{imageShapeOf(d)}</td>
                  <td>{d.dtype}</td>
                  <td>
                    {d.numClasses} ({d.labelRange[0]}–{d.labelRange[1]})
                  </td>
                  <td>
                    {d.trainCount.toLocaleString()} / {d.testCount.toLocaleString()}
                  </td>
                  <td>
                    <code title={d.checksum}>{d.checksum.slice(0, 12)}</code>
                  </td>
                  <td>
                    <code>{d.uri}</code>
                  </td>
                  <td>{when(d.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
