// The workspace config; the images' Node scripts (infra/docker/*.mjs) also use Node's web
// globals, which the workspace's plain-JavaScript block does not list.
import root from '../eslint.config.mjs';

export default [
  ...root,
  {
    files: ['docker/*.mjs'],
    languageOptions: { globals: { fetch: 'readonly', AbortSignal: 'readonly' } },
  },
];
