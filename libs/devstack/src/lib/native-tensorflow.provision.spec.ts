import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { onPath } from './find-executable';
import { provisionNativeTensorflow } from './native-tensorflow.provision';
import { cachedVenv, findTensorflow, TensorflowUnavailableError } from './tensorflow-install';
import { tfjsNodeManifestPath } from './tfjs-node.manifest';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'native-tf-'));

/** A cache holding stale manifests, to see that a failed provisioning removes them. */
function cacheWithStaleManifests(): string {
  const cache = tmp();
  mkdirSync(path.join(cache, 'tfjs-node'));
  for (const backend of ['node', 'node-gpu'] as const)
    writeFileSync(tfjsNodeManifestPath(backend, { MORPHSWEEP_CACHE_DIR: cache }), '{}');
  return cache;
}

describe(provisionNativeTensorflow.name, () => {
  it('MORPHSWEEP_TENSORFLOW=none turns the native backends off', async () => {
    const cache = cacheWithStaleManifests();
    const lines: string[] = [];
    const result = await provisionNativeTensorflow((l) => void lines.push(l), {
      MORPHSWEEP_CACHE_DIR: cache,
      MORPHSWEEP_TENSORFLOW: 'none',
    });
    expect(result.node).toBeUndefined();
    expect(lines.join('\n')).toMatch(/TensorFlow: +off .*training uses wasm/);
    expect(existsSync(tfjsNodeManifestPath('node', { MORPHSWEEP_CACHE_DIR: cache }))).toBe(false);
  });

  it('names the missing Python with venv and falls back to wasm, without throwing', async () => {
    const cache = cacheWithStaleManifests();
    const lines: string[] = [];
    const result = await provisionNativeTensorflow((l) => void lines.push(l), {
      MORPHSWEEP_CACHE_DIR: cache,
      MORPHSWEEP_ACCELERATOR: 'cpu',
      PATH: tmp(),
    });
    expect(result.node).toBeUndefined();
    expect(result.unavailable[0]).toMatch(/no Python 3\.10–3\.13 with venv .*python3-venv/);
    expect(lines.at(-1)).toMatch(/TensorFlow: +unavailable — .*Training falls back to wasm/);
    expect(existsSync(tfjsNodeManifestPath('node', { MORPHSWEEP_CACHE_DIR: cache }))).toBe(false);
    expect(existsSync(tfjsNodeManifestPath('node-gpu', { MORPHSWEEP_CACHE_DIR: cache }))).toBe(
      false,
    );
  });

  it('says so when pip cannot reach its index, and removes the half-made venv', async () => {
    const cache = tmp();
    const python = onPath('python3');
    const result = await provisionNativeTensorflow(() => undefined, {
      ...process.env,
      MORPHSWEEP_CACHE_DIR: cache,
      MORPHSWEEP_ACCELERATOR: 'cpu',
      // python3's directory first, then the system's (a pyenv shim needs bash).
      PATH: [python ? path.dirname(python) : '', '/usr/bin', '/bin'].join(path.delimiter),
      PIP_INDEX_URL: 'http://127.0.0.1:9/simple',
      PIP_RETRIES: '0',
      PIP_TIMEOUT: '2',
    });
    expect(result.node).toBeUndefined();
    expect(result.unavailable[0]).toMatch(/pip could not download tensorflow-cpu==2\.21\.0/);
    expect(existsSync(cachedVenv('cpu', { MORPHSWEEP_CACHE_DIR: cache }))).toBe(false);
  }, 180_000);
});

describe(findTensorflow.name, () => {
  it('refuses a MORPHSWEEP_TENSORFLOW that is no TensorFlow', () => {
    expect(() => findTensorflow({ MORPHSWEEP_TENSORFLOW: tmp() })).toThrow(
      TensorflowUnavailableError,
    );
    expect(() => findTensorflow({ MORPHSWEEP_TENSORFLOW: '/nonexistent/python' })).toThrow(
      /neither a Python whose tensorflow package/,
    );
  });

  const venv = cachedVenv('cpu');
  const packageDir = path.join(venv, 'lib', 'python3.11', 'site-packages', 'tensorflow');
  it.runIf(existsSync(packageDir))(
    "takes the cache's venv, its Python, or its tensorflow folder",
    () => {
      const fromCache = findTensorflow({ MORPHSWEEP_ACCELERATOR: 'cpu', PATH: tmp() });
      expect(fromCache).toMatchObject({ version: '2.21.0', cuda: false, source: 'our cache' });
      expect(fromCache?.library).toMatch(/libtensorflow_cc\.so\.2$/);
      const viaPython = findTensorflow({
        MORPHSWEEP_TENSORFLOW: path.join(venv, 'bin', 'python'),
      });
      expect(viaPython).toMatchObject({ version: '2.21.0', includeDir: fromCache?.includeDir });
      const viaFolder = findTensorflow({ MORPHSWEEP_TENSORFLOW: packageDir });
      expect(viaFolder).toMatchObject({ version: '2.21.0', library: fromCache?.library });
    },
  );
});
