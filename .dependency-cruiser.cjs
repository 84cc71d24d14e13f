// The layering of src/ (README "Code layout"), checked by `npm run check:deps` in CI.
// Sources are read through Babel (.dependency-cruiser.babel.cjs: why), type-only imports
// included, so a cycle through types counts as one.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'An import cycle: move what both sides need to a module below them (a pure helper, shared/, or the feature the other builds on).',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'http-imports-no-feature',
      severity: 'error',
      comment: 'http/ is below every feature: it may use db/ and shared/, never a feature (a feature registers itself with http/ instead).',
      from: { path: '^src/server/http/' },
      to: { path: '^src/server/features/' },
    },
    {
      name: 'migrations-are-frozen',
      severity: 'error',
      comment: 'A migration never imports live code: what it creates is written in it as it was, and a later change is a new migration.',
      from: { path: '^src/server/db/migrations/' },
      to: { path: '^src/', pathNot: '^src/server/db/migrations/' },
    },
    {
      name: 'sync-above-features',
      severity: 'error',
      comment: 'sync/ sits above the features it calls: no feature imports sync/.',
      from: { path: '^src/server/features/', pathNot: '^src/server/features/sync/' },
      to: { path: '^src/server/features/sync/' },
    },
    {
      name: 'shared-stays-shared',
      severity: 'error',
      comment: 'shared/ is read by the server and the web alike: it imports neither.',
      from: { path: '^src/shared/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/(server|web|demo)/' },
    },
    {
      name: 'web-not-server',
      severity: 'error',
      comment: 'The web app reaches the server through the API only; what both need lives in shared/.',
      from: { path: '^src/web/' },
      to: { path: '^src/(server|demo)/' },
    },
    {
      name: 'server-not-demo',
      severity: 'error',
      comment: 'The server runs without the demo: only the entry points (main.ts, cli.ts, config.ts) and the demo guard may reach src/demo/.',
      from: { path: '^src/server/', pathNot: '^src/server/(main|config|cli|demo-guard)\\.ts$' },
      to: { path: '^src/demo/' },
    },
  ],
  options: {
    babelConfig: { fileName: '.dependency-cruiser.babel.cjs' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    moduleSystems: ['es6', 'cjs'],
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      conditionNames: ['import', 'node', 'default'],
    },
  },
};
