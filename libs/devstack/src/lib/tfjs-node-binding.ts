import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { onPath } from './find-executable';
import type { Log } from './log';
import { cacheDir, workspaceRoot } from './paths';
import { spawnLogged } from './spawn-logged';
import type { TensorflowInstall } from './tensorflow-install';
import { TensorflowUnavailableError } from './tensorflow-install';
import {
  tfjsNodeManifestPath,
  type TfjsNodeManifest,
  type TfjsNodePackage,
} from './tfjs-node.manifest';

/** The N-API version the binding is compiled for (tfjs-node 4.x publishes napi-v8 builds). */
const NAPI_VERSION = 8;
// Versions of tfjs-node's own runtime dependency that we unpack beside it (see shims below).
const GOOGLE_PROTOBUF = 'google-protobuf@3.21.4';

/** The workspace's `@tensorflow/tfjs-core` version: tfjs-node must match it exactly. */
export function tfjsCoreVersion(): string {
  const file = path.join(
    workspaceRoot(),
    'node_modules',
    '@tensorflow',
    'tfjs-core',
    'package.json',
  );
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

/** npm's own node-gyp (npm ships it), or one on PATH. */
function findNodeGyp(env: NodeJS.ProcessEnv): string[] {
  const candidates: string[] = [];
  const execpath = env['npm_execpath'];
  if (execpath)
    candidates.push(path.join(path.dirname(execpath), '..', 'node_modules', 'node-gyp'));
  const npm = onPath('npm', env);
  if (npm)
    candidates.push(path.join(path.dirname(realpathSync(npm)), '..', 'node_modules', 'node-gyp'));
  candidates.push(
    path.join(
      path.dirname(process.execPath),
      '..',
      'lib',
      'node_modules',
      'npm',
      'node_modules',
      'node-gyp',
    ),
  );
  for (const dir of candidates) {
    const script = path.join(dir, 'bin', 'node-gyp.js');
    if (existsSync(script)) return [process.execPath, script];
  }
  const global = onPath('node-gyp', env);
  if (global) return [global];
  throw new TensorflowUnavailableError(
    "node-gyp was not found (npm ships it; is npm installed?) — it builds tfjs-node's binding",
  );
}

/**
 * Node's C headers, so node-gyp needs no download: Debian's nodejs puts them in
 * /usr/include/node, the official tarballs (nvm, volta) in `<prefix>/include/node`.
 */
function nodeHeadersDir(env: NodeJS.ProcessEnv): string | undefined {
  const configured = env['npm_config_nodedir'];
  if (configured) return configured;
  const prefix = path.dirname(path.dirname(realpathSync(process.execPath)));
  for (const dir of ['/usr', prefix]) {
    if (existsSync(path.join(dir, 'include', 'node', 'node_api.h'))) return dir;
  }
  return undefined;
}

function requireBuildTools(env: NodeJS.ProcessEnv): void {
  const missing: string[] = [];
  if (!['c++', 'g++', 'clang++'].some((c) => onPath(c, env))) missing.push('C++ compiler (g++)');
  if (!onPath('make', env)) missing.push('make');
  if (!['python3', 'python'].some((c) => onPath(c, env)))
    missing.push('python3 (node-gyp runs gyp)');
  if (missing.length > 0) {
    throw new TensorflowUnavailableError(
      `cannot build the tfjs-node binding: ${missing.map((m) => `no ${m}`).join(', ')} on PATH (Debian: apt-get install g++ make python3)`,
    );
  }
}

function npmCommand(env: NodeJS.ProcessEnv): string[] {
  const execpath = env['npm_execpath'];
  if (execpath && execpath.endsWith('.js')) return [process.execPath, execpath];
  return [onPath('npm', env) ?? 'npm'];
}

async function unpack(spec: string, into: string, log: Log, env: NodeJS.ProcessEnv): Promise<void> {
  const [npm, ...npmArgs] = npmCommand(env);
  const tmp = `${into}.pack`;
  mkdirSync(tmp, { recursive: true });
  // `npm pack` goes through npm's cache and registry like any install, and runs no scripts.
  const out = await spawnLogged(
    npm as string,
    [...npmArgs, 'pack', spec, '--pack-destination', tmp, '--silent'],
    { log, what: `npm pack ${spec}`, env },
  );
  const tarball = path.join(tmp, out.trim().split('\n').pop() as string);
  mkdirSync(into, { recursive: true });
  execFileSync('tar', ['xzf', tarball, '-C', into, '--strip-components=1']);
  rmSync(tmp, { recursive: true, force: true });
}

/**
 * tfjs-node's files `require('@tensorflow/tfjs')` (the union package) and, once,
 * `@tensorflow/tfjs-core`; both would be second copies of tfjs-core with their own engine and
 * kernel registry. Its kernels only use core's exports, so these stand-ins hand over the one
 * tfjs-core that the training library loaded, which it publishes under a global symbol just
 * before it loads the package (libs/training/src/lib/backend/native-tensorflow.loader.ts).
 */
function writeCoreShims(root: string): void {
  const body =
    "'use strict';\n" +
    '// Written by MorphSweep provisioning: the one tfjs-core of the process (see its loader).\n' +
    "const core = globalThis[Symbol.for('morphsweep.tfjs-core')];\n" +
    "if (!core) throw new Error('load this tfjs-node through @morphsweep/training, which supplies tfjs-core');\n" +
    'module.exports = core;\n';
  for (const name of ['tfjs', 'tfjs-core']) {
    const dir = path.join(root, 'node_modules', '@tensorflow', name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: `@tensorflow/${name}`,
        version: '0.0.0-morphsweep-shim',
        main: 'index.js',
      }),
    );
    writeFileSync(path.join(dir, 'index.js'), body);
  }
}

/** `deps/include` and `deps/lib` as tfjs-node's binding.gyp expects them, pointing at `tf`. */
function linkDeps(packageDir: string, tf: TensorflowInstall): void {
  const deps = path.join(packageDir, 'deps');
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(path.join(deps, 'lib'), { recursive: true });
  symlinkSync(tf.includeDir, path.join(deps, 'include'));
  const lib = realpathSync(tf.library);
  const framework = realpathSync(tf.framework);
  // Link-time names (-ltensorflow -ltensorflow_framework) and the SONAMEs the loader looks for
  // next to the binding (its rpath is $ORIGIN/../../deps/lib).
  const links: Record<string, string> = {
    'libtensorflow.so': lib,
    'libtensorflow_framework.so': framework,
    [path.basename(tf.library)]: lib,
    'libtensorflow_framework.so.2': framework,
  };
  for (const [name, target] of Object.entries(links)) {
    if (!existsSync(path.join(deps, 'lib', name)))
      symlinkSync(target, path.join(deps, 'lib', name));
  }
}

/** Bumped whenever the way a binding is built changes, so cached builds are redone. */
const BUILD_RECIPE = 2;

/**
 * The TensorFlow libraries' real folders, searched before `deps/lib`: loaded from there, their
 * own `$ORIGIN`-relative RUNPATHs resolve as in their install — the CUDA wheel finds its
 * NVIDIA libraries (`site-packages/nvidia/<name>/lib`) that way — whatever the loader does with
 * the symlinks in `deps/lib`, which stay for the link step's `-ltensorflow` names.
 */
function realLibraryRpaths(tf: TensorflowInstall): string[] {
  const dirs = new Set(
    [realpathSync(tf.library), realpathSync(tf.framework)].map((f) => path.dirname(f)),
  );
  return [...dirs].map((d) => `-Wl,-rpath,${d}`);
}

function cacheKey(pkg: TfjsNodePackage, version: string, tf: TensorflowInstall): string {
  const where = createHash('sha256')
    .update(`${BUILD_RECIPE}:${realpathSync(tf.library)}`)
    .digest('hex')
    .slice(0, 8);
  return `${pkg.replace('@tensorflow/', '')}-${version}-tf${tf.version}-${tf.cuda ? 'cuda' : 'cpu'}-abi${process.versions.modules}-${where}`;
}

/** Loads the binding in a child process (a broken build must not take provisioning down). */
function checkBinding(binding: string): { tfVersion: string; gpu: boolean } {
  const script =
    'const b = require(process.argv[1]);' +
    'process.stdout.write(JSON.stringify({ tfVersion: b.TF_Version, gpu: b.isUsingGpuDevice() }));';
  const out = execFileSync(process.execPath, ['-e', script, binding], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2' },
    timeout: 120_000,
  });
  return JSON.parse(out) as { tfVersion: string; gpu: boolean };
}

/**
 * Makes `pkg`'s binding available for `backend` against `tf`: reuses the build cached under
 * `<cache>/tfjs-node/<pkg>-<version>-tf<version>-<cpu|cuda>-abi<node abi>-<hash>/`, or unpacks
 * the package from npm, links `deps/` to `tf`, compiles the binding with node-gyp (no download:
 * Node's installed headers), checks it loads, and records it in {@link tfjsNodeManifestPath}. Nothing
 * under node_modules is touched, so `npm ci` cannot undo it. Throws `TensorflowUnavailableError`
 * naming what is missing.
 */
export async function ensureTfjsNodeBinding(
  pkg: TfjsNodePackage,
  backend: 'node' | 'node-gpu',
  tf: TensorflowInstall,
  log: Log,
  env: NodeJS.ProcessEnv = process.env,
): Promise<TfjsNodeManifest> {
  const version = tfjsCoreVersion();
  const root = path.join(cacheDir(env), 'tfjs-node', cacheKey(pkg, version, tf));
  const manifestFile = path.join(root, 'manifest.json');
  let manifest: TfjsNodeManifest;
  if (existsSync(manifestFile)) {
    manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as TfjsNodeManifest;
  } else {
    requireBuildTools(env);
    const nodeGyp = findNodeGyp(env);
    const nodedir = nodeHeadersDir(env);
    const started = Date.now();
    log(
      `building ${pkg} ${version}'s binding against TensorFlow ${tf.version} (first time only, ~30 s; cached in ${root})`,
    );
    const tmp = `${root}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    try {
      const packageDir = path.join(tmp, 'package');
      await unpack(`${pkg}@${version}`, packageDir, log, env);
      await unpack(GOOGLE_PROTOBUF, path.join(tmp, 'node_modules', 'google-protobuf'), log, env);
      writeCoreShims(tmp);
      linkDeps(packageDir, tf);
      if (!nodedir)
        log("  Node's C headers were not found locally; node-gyp will try to download them");
      const [gyp, ...gypArgs] = nodeGyp;
      await spawnLogged(
        gyp as string,
        [
          ...gypArgs,
          'rebuild',
          ...(nodedir ? [`--nodedir=${nodedir}`] : []),
          '--',
          '-Dmodule_name=tfjs_binding',
          `-Dmodule_path=lib/napi-v${NAPI_VERSION}`,
          `-Dnapi_build_version=${NAPI_VERSION}`,
        ],
        {
          log,
          what: `node-gyp rebuild (${pkg})`,
          cwd: packageDir,
          env: {
            ...env,
            LDFLAGS: [env['LDFLAGS'], ...realLibraryRpaths(tf)].filter(Boolean).join(' '),
          },
          show: (line) => /^gyp (info ok|ERR)|error:/.test(line),
        },
      );
      const binding = path.join(packageDir, 'lib', `napi-v${NAPI_VERSION}`, 'tfjs_binding.node');
      rmSync(path.join(packageDir, 'build'), { recursive: true, force: true });
      const checked = checkBinding(binding);
      log(`  the binding loads: TensorFlow ${checked.tfVersion}, GPU in use: ${checked.gpu}`);
      rmSync(root, { recursive: true, force: true });
      renameSync(tmp, root);
      manifest = {
        package: pkg,
        version,
        packageDir: path.join(root, 'package'),
        binding: path.join(root, 'package', 'lib', `napi-v${NAPI_VERSION}`, 'tfjs_binding.node'),
        tensorflowVersion: tf.version,
        cuda: tf.cuda,
        ...(tf.python ? { python: tf.python } : {}),
        nodeAbi: process.versions.modules,
        builtAt: new Date().toISOString(),
      };
      writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      log(`built ${pkg}'s binding in ${Math.round((Date.now() - started) / 1000)} s`);
    } catch (cause) {
      rmSync(tmp, { recursive: true, force: true });
      if (cause instanceof TensorflowUnavailableError) throw cause;
      throw new TensorflowUnavailableError(
        `building ${pkg}'s binding failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      );
    }
  }
  // The pointer is rewritten on every run: the backend loads what this run provisioned.
  mkdirSync(path.dirname(tfjsNodeManifestPath(backend, env)), { recursive: true });
  writeFileSync(tfjsNodeManifestPath(backend, env), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Removes the pointer of `backend`, so it is not loaded (its TensorFlow is unavailable now). */
export function forgetTfjsNodeBinding(backend: 'node' | 'node-gpu', env = process.env): void {
  rmSync(tfjsNodeManifestPath(backend, env), { force: true });
}

/** Lists cached builds (for `provision` output). */
export function cachedBindings(env = process.env): string[] {
  const dir = path.join(cacheDir(env), 'tfjs-node');
  return existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith('.json')) : [];
}
