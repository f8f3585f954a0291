// Runs the Khronos glTF validator on .glb/.gltf files; prints one line per file and every
// error. usage: node validate_gltf.mjs FILE...   (exit 0: no errors in any file; 1: errors)
import validator from "gltf-validator";
import { readFileSync } from "node:fs";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate_gltf.mjs FILE...");
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  const report = await validator.validateBytes(new Uint8Array(readFileSync(file)), {
    maxIssues: 100,
  });
  const { numErrors, numWarnings } = report.issues;
  console.log(`${file}: ${numErrors} errors, ${numWarnings} warnings`);
  for (const message of report.issues.messages) {
    if (message.severity === 0) console.log(`  error ${message.code} at ${message.pointer}: ${message.message}`);
  }
  if (numErrors > 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
