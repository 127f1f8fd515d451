#!/usr/bin/env node
// Installed as `anomaly-lens`; the bundle is built by `npm run build` (npm test and npm start build it too).
require('../dist/main/cli.cjs');
