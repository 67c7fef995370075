import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../api/api-client';
import { useApiClient } from '../../api/api-client.provider';
import { Field } from '../../components/field';
import { compact, scientific } from '../../components/format';
import {
  DEFAULT_FORM,
  issuesAt,
  parseDescriptionFile,
  registeredChoice,
  toSpec,
  validateForm,
  type SweepForm,
} from './sweep-form.model';
import {
  ACCELERATOR_LABELS,
  DATASET_LABELS,
  FAMILY_LABELS,
  OPTIMIZER_LABELS,
  RESOURCE_LABELS,
  optionsOf,
} from './option-labels';
import { imageShapeOf } from '../datasets/datasets.page';
import { SubmissionKeys } from './submission-key';

/** The whole sweep spec as a form, validated as you type by the API's own schema. */
export function SubmitSweepPage() {
  const api = useApiClient();
  const navigate = useNavigate();
  const [form, setForm] = useState<SweepForm>(DEFAULT_FORM);
  const [touched, setTouched] = useState(false);
  const set = <K extends keyof SweepForm>(key: K, value: SweepForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  const zoo = useQuery({ queryKey: ['zoo'], queryFn: () => api.listZoo() });
  const datasets = useQuery({ queryKey: ['datasets'], queryFn: () => api.listDatasets() });
  const target = {
    family: form.family,
    resource: form.resource,
    ...(form.resource === 'latency' && form.hardware ? { hardware: form.hardware } : {}),
  };
  const targetComplete = form.resource !== 'latency' || form.hardware !== '';
  const zooSuggestion = useQuery({
    queryKey: ['suggest', form.seedNetwork, target],
    queryFn: () => api.suggestStrengths(form.seedNetwork, target),
    enabled: form.seedSource === 'zoo' && targetComplete,
  });
  // An uploaded description is checked and sized by the API, which also suggests strengths.
  const inspection = useQuery({
    queryKey: ['inspect', form.seedDescription, target],
    queryFn: () => api.inspectNetwork(form.seedDescription ?? {}, target),
    enabled: form.seedSource === 'upload' && form.seedDescription !== null && targetComplete,
    retry: false,
  });
  const suggestion = form.seedSource === 'zoo' ? zooSuggestion.data : inspection.data;
  const [fileError, setFileError] = useState<string | null>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    const parsed = parseDescriptionFile(await file.text());
    setFileError(parsed.ok ? null : `${file.name}: ${parsed.message}`);
    set('seedDescription', parsed.ok ? parsed.description : null);
  };
  // Pre-fill the strength range MorphNet recommends (centred on 1 / seed cost) until edited.
  const [strengthsEdited, setStrengthsEdited] = useState(false);
  useEffect(() => {
    if (suggestion && !strengthsEdited) {
      const [lo, hi] = suggestion.strengths.logRange;
      setForm((f) => ({
        ...f,
        strengthLo: scientific(lo),
        strengthHi: scientific(hi),
        strengthCount: String(suggestion.strengths.count),
      }));
    }
  }, [suggestion, strengthsEdited]);
  const inspectionIssues =
    inspection.error instanceof ApiError && inspection.error.issues.length > 0
      ? inspection.error.issues.map((i) => `${i.path}: ${i.message}`)
      : inspection.error
        ? [String(inspection.error.message)]
        : [];

  const localIssues = useMemo(() => validateForm(form), [form]);
  // Lives as long as the page: Submit clicked again after a failure retries the same sweep.
  const [keys] = useState(() => new SubmissionKeys());
  const submit = useMutation({
    mutationFn: () => {
      const spec = toSpec(form);
      return api.createSweep(spec, keys.keyFor(spec));
    },
    onSuccess: (sweep) => navigate(`/sweeps/${sweep.id}`),
  });
  const serverIssues = submit.error instanceof ApiError ? submit.error.issues : [];
  const issues = touched ? [...localIssues, ...serverIssues] : serverIssues;
  const at = (...paths: string[]) => issuesAt(issues, ...paths);
  // Props of a text input or select bound to one of the form's string fields.
  type TextKey = {
    [K in keyof SweepForm]: SweepForm[K] extends string ? K : never;
  }[keyof SweepForm];
  const text = (key: TextKey) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => set(key, e.target.value as never),
  });
  const editStrength = (key: 'strengthLo' | 'strengthHi' | 'strengthCount' | 'strengthList') => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => {
      setStrengthsEdited(true);
      set(key, e.target.value);
    },
  });

  return (
    <section aria-labelledby="submit-title">
      <h1 id="submit-title">New sweep</h1>
      <form
        className="sweep-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setTouched(true);
          if (validateForm(form).length === 0) submit.mutate();
        }}
        onBlur={() => setTouched(true)}
      >
        <fieldset>
          <legend>Seed network and data</legend>
          <Field label="Name" errors={at('name')}>
            {(p) => <input {...p} {...text('name')} />}
          </Field>
          <Field label="Seed network from" errors={[]}>
            {(p) => (
              <select {...p} {...text('seedSource')}>
                <option value="zoo">the zoo</option>
                <option value="upload">a description file (JSON)</option>
              </select>
            )}
          </Field>
          {form.seedSource === 'zoo' ? (
            <Field
              label="Seed network"
              errors={at('seedNetwork')}
              hint={sizeOf(zoo.data?.find((z) => z.name === form.seedNetwork))}
            >
              {(p) => (
                <select {...p} {...text('seedNetwork')}>
                  {(zoo.data ?? [{ name: form.seedNetwork }]).map((n) => (
                    <option key={n.name} value={n.name}>
                      {n.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : (
            <Field
              label="Network description"
              errors={[
                ...(fileError ? [fileError] : []),
                ...inspectionIssues,
                ...at('seedNetwork'),
              ]}
              hint={
                inspection.data
                  ? `${inspection.data.name}: ${inspection.data.layers} layers · ${sizeOf(inspection.data)}`
                  : 'format: docs/network-format.md'
              }
            >
              {(p) => (
                <input
                  {...p}
                  type="file"
                  accept=".json,application/json"
                  onChange={(e) => void upload(e.target.files?.[0])}
                />
              )}
            </Field>
          )}
          <Field label="Dataset" errors={at('dataset.kind', 'dataset.dataset')}>
            {(p) => (
              <select {...p} {...text('datasetKind')}>
                <optgroup label="Built in">{optionsOf(DATASET_LABELS)}</optgroup>
                {(datasets.data?.items.length ?? 0) > 0 && (
                  <optgroup label="Registered">
                    {datasets.data?.items.map((d) => (
                      <option key={d.id} value={registeredChoice(d.name)}>
                        {d.name} ({imageShapeOf(d)}, {d.numClasses} classes, {d.trainCount} train)
                      </option>
                    ))}
                  </optgroup>
                )}
              </select>
            )}
          </Field>
          <div className="row">
            <Field label="Training subset (examples)" errors={at('dataset.subsetSize')}>
              {(p) => <input {...p} inputMode="numeric" {...text('subsetSize')} />}
            </Field>
            <Field
              label="Validation fraction"
              errors={at('dataset.validationFraction')}
              hint="blank: the default split"
            >
              {(p) => <input {...p} inputMode="decimal" {...text('validationFraction')} />}
            </Field>
          </div>
        </fieldset>

        <fieldset>
          <legend>MorphNet</legend>
          <Field label="Regularizer family" errors={at('morphnet.family')}>
            {(p) => (
              <select {...p} {...text('family')}>
                {optionsOf(FAMILY_LABELS)}
              </select>
            )}
          </Field>
          <Field label="Resource" errors={at('morphnet.resource')}>
            {(p) => (
              <select {...p} {...text('resource')}>
                {optionsOf(RESOURCE_LABELS)}
              </select>
            )}
          </Field>
          {form.resource === 'latency' && (
            <Field
              label="Hardware"
              errors={at('morphnet.hardware')}
              hint="e.g. V100, A100, H100, L4, host-cpu"
            >
              {(p) => <input {...p} {...text('hardware')} />}
            </Field>
          )}
        </fieldset>

        <fieldset>
          <legend>Grid</legend>
          <Field
            label="Strengths"
            errors={at('grid.strengths')}
            hint={
              suggestion
                ? `suggested around 1/seed cost = ${scientific(1 / suggestion.seedCost)}`
                : null
            }
          >
            {(p) => (
              <select {...p} {...text('strengthMode')}>
                <option value="logRange">log range</option>
                <option value="list">explicit list</option>
              </select>
            )}
          </Field>
          {form.strengthMode === 'logRange' ? (
            <div className="row">
              <Field label="From" errors={at('grid.strengths.logRange.0')}>
                {(p) => <input {...p} {...editStrength('strengthLo')} />}
              </Field>
              <Field label="To" errors={at('grid.strengths.logRange.1')}>
                {(p) => <input {...p} {...editStrength('strengthHi')} />}
              </Field>
              <Field label="Count" errors={at('grid.strengths.count')}>
                {(p) => <input {...p} inputMode="numeric" {...editStrength('strengthCount')} />}
              </Field>
            </div>
          ) : (
            <Field label="Strength list (comma-separated)" errors={[]}>
              {(p) => <input {...p} {...editStrength('strengthList')} />}
            </Field>
          )}
          <Field label="Alive thresholds (comma-separated)" errors={at('grid.thresholds')}>
            {(p) => <input {...p} {...text('thresholds')} />}
          </Field>
        </fieldset>

        <fieldset>
          <legend>Budget and scheduling</legend>
          <div className="row">
            <Field label="Steps" errors={at('budget.steps')}>
              {(p) => <input {...p} inputMode="numeric" {...text('steps')} />}
            </Field>
            <Field label="Batch size" errors={at('budget.batchSize')}>
              {(p) => <input {...p} inputMode="numeric" {...text('batchSize')} />}
            </Field>
            <Field label="Optimizer" errors={at('budget.optimizer')}>
              {(p) => (
                <select {...p} {...text('optimizer')}>
                  {optionsOf(OPTIMIZER_LABELS)}
                </select>
              )}
            </Field>
            <Field label="Learning rate" errors={at('budget.learningRate')}>
              {(p) => <input {...p} {...text('learningRate')} />}
            </Field>
          </div>
          <div className="row">
            <Field label="Evaluate every" errors={at('budget.evalInterval')}>
              {(p) => <input {...p} inputMode="numeric" {...text('evalInterval')} />}
            </Field>
            <Field label="Checkpoint every" errors={at('budget.checkpointInterval')}>
              {(p) => <input {...p} inputMode="numeric" {...text('checkpointInterval')} />}
            </Field>
            <Field label="Concurrency" errors={at('concurrency')}>
              {(p) => <input {...p} inputMode="numeric" {...text('concurrency')} />}
            </Field>
          </div>
          <div className="row">
            <Field label="Accelerator" errors={at('accelerator')}>
              {(p) => (
                <select {...p} {...text('accelerator')}>
                  {optionsOf(ACCELERATOR_LABELS)}
                </select>
              )}
            </Field>
            <Field label="Retrain policy" errors={at('retrain')}>
              {(p) => (
                <select {...p} {...text('retrainPolicy')}>
                  <option value="manual">manual (promote runs)</option>
                  <option value="auto">auto (top-K of the frontier)</option>
                  <option value="none">none</option>
                </select>
              )}
            </Field>
            {form.retrainPolicy === 'auto' && (
              <Field label="Top K" errors={at('retrain.topK')}>
                {(p) => <input {...p} inputMode="numeric" {...text('topK')} />}
              </Field>
            )}
            {form.retrainPolicy !== 'none' && (
              <Field
                label="Retrain steps"
                errors={at('retrain.budget')}
                hint="blank: the sweep's budget"
              >
                {(p) => <input {...p} inputMode="numeric" {...text('retrainSteps')} />}
              </Field>
            )}
            {form.retrainPolicy !== 'none' && (
              <Field
                label="Retrain epochs"
                errors={at('retrain.budget.epochs')}
                hint="instead of steps"
              >
                {(p) => <input {...p} inputMode="numeric" {...text('retrainEpochs')} />}
              </Field>
            )}
            {form.retrainPolicy !== 'none' && (
              <label className="inline checkbox">
                <input
                  type="checkbox"
                  checked={form.baseline}
                  onChange={(e) => set('baseline', e.target.checked)}
                />
                also retrain the width-multiplier baseline at the same cost
              </label>
            )}
            {form.retrainPolicy !== 'none' && (
              <Field
                label="Retraining seeds"
                errors={at('retrain.seeds')}
                hint="each structure (and baseline) trained this many times: mean ± sd"
              >
                {(p) => <input {...p} inputMode="numeric" {...text('retrainSeeds')} />}
              </Field>
            )}
            <Field label="Seed" errors={at('seed')}>
              {(p) => <input {...p} inputMode="numeric" {...text('seed')} />}
            </Field>
          </div>
        </fieldset>

        {at('').length > 0 && (
          <p role="alert" className="error">
            {at('').join('; ')}
          </p>
        )}
        {submit.error && !(submit.error instanceof ApiError && submit.error.issues.length) && (
          <p role="alert" className="error">
            Submitting failed: {String(submit.error.message)}
          </p>
        )}
        <button type="submit" className="button" disabled={submit.isPending}>
          {submit.isPending ? 'Submitting…' : 'Submit sweep'}
        </button>
      </form>
    </section>
  );
}

/** One line on a network's size: FLOPs, weights and parameters. */
function sizeOf(
  n: { flops: number; modelSize: number; parameters?: number; gated: boolean } | undefined,
): string | null {
  if (!n) return null;
  const parameters = n.parameters === undefined ? '' : ` · ${compact(n.parameters)} parameters`;
  return `${compact(n.flops)} FLOPs · ${compact(n.modelSize)} weights${parameters}${n.gated ? ' · FiGS gates' : ''}`;
}
