#!/usr/bin/env node
/** The `svwizctl` bin: a supervisorctl-compatible client for svwizd and Python supervisord. */
import { runMain } from '../process/run-main.js';
import { runSvwizctl } from '../ctl/main.js';

await runMain(() =>
  runSvwizctl({ argv: process.argv, env: process.env, cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr }),
);
