#!/usr/bin/env node
// Thin launcher so `npx vigil-gateway` works from the workspace; all logic lives in dist/cli.
import '../dist/cli/main.js';
