import { describe, expect, it } from 'vitest';
import { buildSymbol, formatNumber, formatNumberSymbol, numberSymbolKey } from './number-symbol';

describe('Decree 30 number and symbol', () => {
  it('prints numbers below 10 with a leading zero', () => {
    expect(formatNumber(1)).toBe('01');
    expect(formatNumber(9)).toBe('09');
    expect(formatNumber(10)).toBe('10');
    expect(formatNumber(1234)).toBe('1234');
    expect(() => formatNumber(0)).toThrow(RangeError);
  });

  it('builds the symbol of a named type as type-organisation', () => {
    expect(
      formatNumberSymbol(5, buildSymbol({ typeAbbreviation: 'QĐ', organisationShortName: 'UBND' })),
    ).toBe('05/QĐ-UBND');
    expect(
      formatNumberSymbol(
        15,
        buildSymbol({ typeAbbreviation: 'TTr', organisationShortName: 'UBND', unitAbbreviation: 'VX' }),
      ),
    ).toBe('15/TTr-UBND');
  });

  it('builds a công văn symbol as organisation-drafting unit', () => {
    expect(
      formatNumberSymbol(
        12,
        buildSymbol({ typeAbbreviation: null, organisationShortName: 'UBND', unitAbbreviation: 'VX' }),
      ),
    ).toBe('12/UBND-VX');
    expect(buildSymbol({ typeAbbreviation: null, organisationShortName: 'UBND' })).toBe('UBND');
  });

  it('compares typed number/symbols loosely', () => {
    expect(numberSymbolKey('05 / qđ-ubnd')).toBe(numberSymbolKey('5/QĐ-UBND'));
    expect(numberSymbolKey('05/QD-UBND')).toBe('5/QD-UBND');
    expect(numberSymbolKey('105/QĐ-UBND')).not.toBe(numberSymbolKey('15/QĐ-UBND'));
  });
});
