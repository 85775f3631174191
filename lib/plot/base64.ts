/**
 * Base64 encoding of bytes (for Jupyter media bundles).
 *
 * @module
 */

/**
 * Encodes bytes as standard base64 (with padding).
 *
 * @example
 * ```ts
 * import { encodeBase64 } from "./base64.ts";
 * encodeBase64(new TextEncoder().encode("hola")); // "aG9sYQ=="
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
