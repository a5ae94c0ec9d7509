/**
 * Set to `true` by scripts/bundle.mjs (esbuild `define`) in the single-file bins of bundle/;
 * undeclared at run time in the tsc build (dist/), so read it only as
 * `typeof __SVWIZ_BUNDLED__ !== 'undefined'`. src/process/package-layout.ts is its owner; the
 * XML-RPC codec, a layer below, reads it directly for how it loads its parser.
 */
declare const __SVWIZ_BUNDLED__: boolean;
