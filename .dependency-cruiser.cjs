// Import rules (README: Layout). `npm run lint` checks them, so the one direction of imports
// is enforced, not only written down.
/** @type {import('dependency-cruiser').IConfiguration} */
const ws = (name) => `^(packages|apps)/${name}/`;
module.exports = {
  forbidden: [
    {
      name: 'no-cross-workspace-relative',
      comment: 'Import another workspace by its package name (@ob/x), never by a relative path into it.',
      severity: 'error',
      from: { path: '^(packages|apps)/([^/]+)/' },
      to: { path: '^(packages|apps)/([^/]+)/', pathNot: ['^$1/$2/', 'node_modules'], dependencyTypes: ['local'] },
    },
    {
      name: 'nothing-imports-apps',
      comment: 'apps/* are the top: no package or bench imports them (only their own tests, tests/ and e2e/ do).',
      severity: 'error',
      from: { pathNot: ['^apps/', '^tests/', '^e2e/'] },
      to: { path: '^apps/' },
    },
    {
      name: 'core-imports-nothing',
      comment: 'packages/core holds the shared contracts; it depends on no other workspace.',
      severity: 'error',
      from: { path: ws('core') },
      to: { path: '^(packages|apps)/', pathNot: ws('core') },
    },
    {
      name: 'orderbook-imports-nothing',
      severity: 'error',
      from: { path: ws('orderbook') },
      to: { path: '^(packages|apps)/', pathNot: ws('orderbook') },
    },
    {
      name: 'protocol-imports-nothing',
      comment: 'The API shapes are shared with the browser: no engine code in them.',
      severity: 'error',
      from: { path: ws('protocol') },
      to: { path: '^(packages|apps)/', pathNot: ws('protocol') },
    },
    {
      name: 'web-only-protocol',
      comment: 'The dashboard talks to the server over HTTP/WS and shares only the protocol schemas.',
      severity: 'error',
      from: { path: ws('web') },
      to: { path: '^(packages|apps)/', pathNot: [ws('web'), ws('protocol')] },
    },
    {
      name: 'feeds-only-core',
      comment: 'Venue adapters produce BookEvents; they know nothing of books, the engine or the server.',
      severity: 'error',
      from: { path: ws('feeds') + 'src/' },
      to: { path: '^(packages|apps)/', pathNot: [ws('feeds'), ws('core')] },
    },
    {
      name: 'streamer-not-feeds',
      comment: 'The engine sees a feed only through the @ob/core contract.',
      severity: 'error',
      from: { path: ws('streamer') + 'src/' },
      to: { path: '^(packages|apps)/', pathNot: [ws('streamer'), ws('core'), ws('orderbook'), ws('protocol')] },
    },
    {
      name: 'simulator-standalone',
      comment: 'The simulator is the truth the streamer is checked against: it shares no engine code.',
      severity: 'error',
      from: { path: ws('simulator') + 'src/' },
      to: { path: '^(packages|apps)/', pathNot: [ws('simulator'), ws('core')] },
    },
    {
      name: 'reader-standalone',
      comment: 'The reader library is for downstream programs: it must not depend on the streamer.',
      severity: 'error',
      from: { path: ws('reader') + 'src/' },
      to: { path: '^(packages|apps)/', pathNot: [ws('reader')] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|dist|test-results)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
  },
};
