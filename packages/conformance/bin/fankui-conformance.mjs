#!/usr/bin/env node
// The `fankui-conformance` command: the built CLI (`npm run build` produces dist/cli.mjs).
import { main } from '../dist/cli.mjs';

process.exitCode = await main(process.argv);
