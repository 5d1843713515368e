#!/usr/bin/env node
import { runCli } from './program.ts';

// A reader that went away (`keyroll rotate … | head -1`) must not kill a rotation half way: write errors
// (EPIPE) arrive as stream 'error' events, which would otherwise crash the process. Output is dropped;
// the rotation finishes or rolls back, and the exit code still tells what happened.
for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});

const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
process.exitCode = code;
