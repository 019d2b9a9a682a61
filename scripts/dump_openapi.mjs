#!/usr/bin/env node
// Dump Seam Connect's published OpenAPI document (from the pinned npm package
// @seamapi/types) to a JSON file, for the sandbox's schema conformance tests.
//
// Usage: node scripts/dump_openapi.mjs build/openapi/seam-connect.json
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'

import { openapi } from '@seamapi/types/connect'

const target = process.argv[2]
if (!target) {
  console.error('usage: node scripts/dump_openapi.mjs <output.json>')
  process.exit(2)
}
mkdirSync(dirname(target), { recursive: true })
writeFileSync(target, `${JSON.stringify(openapi, null, 2)}\n`)
console.log(`wrote ${target} (OpenAPI ${openapi.openapi}, ${Object.keys(openapi.paths).length} paths)`)
