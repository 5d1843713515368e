/**
 * CRC-32C (Castagnoli), the checksum Secret Manager uses for `payload.dataCrc32c`. Node 20 has no
 * built-in CRC-32C and the client library neither computes nor checks it, so we do both: the service
 * rejects an add whose bytes do not match, and we reject an access whose bytes do not match.
 */
const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32c(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The service returns the checksum as an int64: a number, a decimal string or a Long-like object. */
export function checksumValue(value: unknown): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = Number(typeof value === 'object' ? String(value) : value);
  return Number.isSafeInteger(n) ? n : Number.NaN;
}
