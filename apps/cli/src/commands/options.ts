import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CliError } from '../cli-error';

export function parseRect(text: string): [number, number, number, number] {
  const parts = text.split(',').map((p) => Number(p.trim()));
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[2] <= 0 || parts[3] <= 0) {
    throw new CliError(`--rect must be x,y,width,height in points (e.g. 350,80,180,100), not "${text}"`);
  }
  return parts as [number, number, number, number];
}

export function parsePositiveInt(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1)
    throw new CliError(`${name} must be a whole number from 1, not "${text}"`);
  return Number(text);
}

/** Certificates from a PEM bundle or a single DER file. */
export async function readCertificates(file: string): Promise<Buffer[]> {
  const data = await readFile(file);
  const text = data.toString('latin1');
  const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/g)].map(
    (m) => Buffer.from(m[1].replace(/\s+/g, ''), 'base64'),
  );
  const ders = blocks.length > 0 ? blocks : [data];
  for (const der of ders) {
    try {
      new X509Certificate(der);
    } catch {
      throw new CliError(`${file} does not contain X.509 certificates (PEM or DER)`);
    }
  }
  return ders;
}
