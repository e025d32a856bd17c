#!/usr/bin/env node
// The installed `wpa-explorer` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
await import('../../electron/cli/main.ts');
