// Read a Data Package with datapackage-js and print, per resource, the rows cast by its Table
// Schema (or the error), as JSON. Usage: node read.js DIR
const { Package } = require('datapackage')

async function main () {
  const dir = process.argv[2]
  const pkg = await Package.load(dir + '/datapackage.json', { basePath: dir, strict: false })
  const out = { valid: pkg.valid, errors: pkg.errors.map(String), tables: {} }
  for (const resource of pkg.resources) {
    try {
      const rows = await resource.read({ keyed: true, cast: true })
      out.tables[resource.name] = { fields: resource.schema.fieldNames, rows }
    } catch (error) {
      out.tables[resource.name] = { error: String(error), details: (error.errors || []).slice(0, 3).map(String) }
    }
  }
  process.stdout.write(JSON.stringify(out))
}

main().catch(error => { console.error(error); process.exit(1) })
