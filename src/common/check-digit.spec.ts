import { isValidBarcode, isValidBillNumber, mod10Weight31, withCheckDigit } from './check-digit';

describe('check digits (modulus 10, weights 3,1 from the right)', () => {
  it('verifies the worked 納付番号 of formats.md: 0225010001234561', () => {
    expect(mod10Weight31('022501000123456')).toBe(1);
    expect(isValidBillNumber('0225010001234561')).toBe(true);
  });

  it('verifies the worked barcode of formats.md', () => {
    expect(mod10Weight31('9191234500001022501000123456102506300012300')).toBe(7);
    expect(isValidBarcode('91912345000010225010001234561025063000123007')).toBe(true);
  });

  it('weighs the digit next to the check digit 3', () => {
    // 1×3 = 3 → check 7; 1×1 + 0×3 = 1 → check 9.
    expect(mod10Weight31('1')).toBe(7);
    expect(mod10Weight31('10')).toBe(9);
  });

  it('gives check 0 when the weighted sum is a multiple of 10', () => {
    expect(mod10Weight31('000000000000000')).toBe(0);
    expect(withCheckDigit('000000000000000')).toBe('0000000000000000');
  });

  it('rejects every single-digit change of a valid 納付番号', () => {
    const valid = '0225010001234561';
    for (let i = 0; i < valid.length; i++) {
      for (let d = 0; d <= 9; d++) {
        const changed = valid.slice(0, i) + d + valid.slice(i + 1);
        if (changed !== valid) expect(isValidBillNumber(changed)).toBe(false);
      }
    }
  });

  it('rejects a swap of two neighbouring digits of different weights', () => {
    expect(isValidBillNumber('2025010001234561')).toBe(false);
  });

  it('rejects numbers of the wrong length or with non-digits', () => {
    expect(isValidBillNumber('225010001234561')).toBe(false);
    expect(isValidBillNumber('02250100012345610')).toBe(false);
    expect(isValidBillNumber('022501000123456A')).toBe(false);
    expect(isValidBillNumber('０225010001234561')).toBe(false);
    expect(isValidBarcode('0225010001234561')).toBe(false);
    expect(isValidBarcode('9191234500001022501000123456102506300012300 ')).toBe(false);
  });

  it('appends the check digit that makes a number valid', () => {
    expect(withCheckDigit('022501000123456')).toBe('0225010001234561');
    expect(isValidBarcode(withCheckDigit('9191234500001022501000123456102506300012300'))).toBe(true);
  });
});
