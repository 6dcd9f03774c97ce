import { X509Certificate } from 'node:crypto';
import { z } from 'zod';

const BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
const MAX_PEM_BYTES = 256 * 1024;

/** The certificates of a PEM bundle, or why it is not one (never the content: it is configuration, but keep errors short). */
export function pemCertificates(pem: string): { ok: true; count: number } | { ok: false; message: string } {
  const blocks = pem.match(BLOCK) ?? [];
  if (blocks.length === 0) return { ok: false, message: 'must be one or more PEM certificates (-----BEGIN CERTIFICATE-----)' };
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      return { ok: false, message: `certificate ${i + 1} of the bundle is not a valid X.509 certificate` };
    }
  }
  return { ok: true, count: blocks.length };
}

/** A CA bundle in PEM: the certificates a receiver's TLS server must chain to, instead of the system roots. */
export const PemBundle = z
  .string()
  .max(MAX_PEM_BYTES, `must be at most ${MAX_PEM_BYTES} bytes`)
  .superRefine((pem, ctx) => {
    const check = pemCertificates(pem);
    if (!check.ok) ctx.addIssue({ code: 'custom', message: check.message });
  });
