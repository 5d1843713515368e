/** CRC-32C for the fake, written apart from the adapter's so the two check each other. */
const POLY = 0x82f63b78;

export function fakeCrc32c(data: Uint8Array): number {
  let crc = ~0;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ POLY : crc >>> 1;
  }
  return ~crc >>> 0;
}
