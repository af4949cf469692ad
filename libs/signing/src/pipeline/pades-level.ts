/** PAdES baseline levels (ETSI EN 319 142-1). Each level includes the ones before it. */
export type PadesLevel = 'B-B' | 'B-T' | 'B-LT' | 'B-LTA';

export const PADES_LEVELS: readonly PadesLevel[] = ['B-B', 'B-T', 'B-LT', 'B-LTA'];

export function levelAtLeast(level: PadesLevel, min: PadesLevel): boolean {
  return PADES_LEVELS.indexOf(level) >= PADES_LEVELS.indexOf(min);
}

export function parseLevel(text: string): PadesLevel {
  const upper = text
    .toUpperCase()
    .replace(/^PADES-/, '')
    .replace(/^B_/, 'B-');
  if ((PADES_LEVELS as readonly string[]).includes(upper)) return upper as PadesLevel;
  throw new Error(`unknown PAdES level "${text}": use one of ${PADES_LEVELS.join(', ')}`);
}
