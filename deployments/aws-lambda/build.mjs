// Bundles the rotation Lambda into deployments/aws-lambda/dist/:
//   index.mjs, chunks/          the handler and every library it uses, ESM (Lambda handler `index.handler`;
//                               nothing to install, the AWS SDK it was tested with included); what only some
//                               runs need (GitHub mirrors, the OTLP exporter) is in chunks loaded by import()
//   LICENSE, THIRD_PARTY_NOTICES keyroll's licence and the notices of every library bundled
//   keyroll-aws-lambda.zip      the files above, what terraform/aws deploys (lambda_zip_path)
// The GCP and Azure vault drivers are left out (a Lambda mirrors to Secrets Manager, GitHub or a file);
// naming such a mirror fails with a ConfigError that says so.
//   node deployments/aws-lambda/build.mjs [--outdir <path>]
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, deflateRawSync } from 'node:zlib';
import { argPath, bundle, leaveOutDrivers } from '../../scripts/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outdir = argPath('--outdir', join(here, 'dist'));

/** Vault drivers a Lambda does not carry: replaced by one that refuses with a clear error. */
const leftOut = leaveOutDrivers(
  ['gcp-secret-manager', 'azure-keyvault'],
  "the AWS Lambda bundle carries the aws-secrets-manager, github and file vault drivers only; a {scheme} mirror needs the CLI or that cloud's deployment",
);

const { files } = await bundle({
  entry: join(here, 'src/main.ts'),
  outdir,
  entryName: 'index',
  // .mjs: the Lambda folder has no package.json saying "type": "module".
  ext: '.mjs',
  plugins: [leftOut],
});
const zip = zipOf(
  await Promise.all(files.map(async (name) => ({ name, data: await readFile(join(outdir, name)) }))),
);
await writeFile(join(outdir, 'keyroll-aws-lambda.zip'), zip);
console.log(
  `built ${outdir} (index.mjs, chunks/, LICENSE, THIRD_PARTY_NOTICES, keyroll-aws-lambda.zip: handler index.handler)`,
);

/**
 * A plain zip (deflate, no extra fields), with a fixed timestamp so the same input gives the same bytes
 * (terraform's source_code_hash changes only when the code does). Files are world-readable (0644).
 */
function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1; // 2020-01-01
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const body = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + body.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dir, end]);
}
