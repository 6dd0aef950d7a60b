import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * The bootstrap MAC: HMAC-SHA1(key, document bytes as sent, i.e. the WBXML), written as 40
 * upper-case hex digits (Funambol's spelling). [TR-SEC §5.1.7.2], fact sheet §8.3
 */
export function bootstrapMac(key: Uint8Array, document: Uint8Array): string {
  return createHmac("sha1", key).update(document).digest("hex").toUpperCase();
}

/**
 * True if `mac` (hex digits, either case, surrounding spaces ignored) is the MAC of `document`
 * under `key`. The comparison of the digests is constant time.
 */
export function verifyBootstrapMac(key: Uint8Array, document: Uint8Array, mac: string): boolean {
  const text = mac.trim();
  if (!/^[0-9a-fA-F]{40}$/.test(text)) return false;
  const expected = createHmac("sha1", key).update(document).digest();
  return timingSafeEqual(expected, Buffer.from(text, "hex"));
}
