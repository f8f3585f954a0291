// Validates an exhibit package's JSON files against docs/schema/*.schema.json (JSON Schema
// 2020-12, through Ajv), so that the published schema and the C++ validator cannot drift apart.
// usage: node check_schema.mjs SCHEMA_DIR PACKAGE_DIR   (exit 0: all valid; 1: errors listed)
import Ajv2020 from "ajv/dist/2020.js";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";

const [schemaDir, packageDir] = process.argv.slice(2);
if (!schemaDir || !packageDir) {
  console.error("usage: node check_schema.mjs SCHEMA_DIR PACKAGE_DIR");
  process.exit(2);
}
const ajv = new Ajv2020({ allErrors: true, strict: true });
for (const name of ["common", "exhibit", "artifact", "tour"]) {
  ajv.addSchema(JSON.parse(readFileSync(join(schemaDir, `${name}.schema.json`), "utf8")));
}
const base = "https://heritage3d.example/schema/v1/";
const files = [["exhibit.json", "exhibit"]];
for (const id of readdirSync(join(packageDir, "artifacts")).sort()) {
  files.push([`artifacts/${id}/artifact.json`, "artifact"]);
}
if (existsSync(join(packageDir, "tours"))) {
  for (const name of readdirSync(join(packageDir, "tours")).sort()) {
    if (name.endsWith(".json")) files.push([`tours/${name}`, "tour"]);
  }
}
let failed = 0;
for (const [file, schema] of files) {
  const validate = ajv.getSchema(`${base}${schema}.schema.json`);
  const document = JSON.parse(readFileSync(join(packageDir, file), "utf8"));
  if (!validate(document)) {
    failed++;
    for (const error of validate.errors) {
      console.error(`${file}: ${error.instancePath}: ${error.message}`);
    }
  }
}
console.log(`${files.length - failed} of ${files.length} files valid against the schema`);
process.exit(failed === 0 ? 0 : 1);
