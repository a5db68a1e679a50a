/**
 * Modulus 10, weights 3,1,3,1… from the right (the digit next to the check digit weighs 3).
 * Used by the 16-digit 納付番号 and by the 44-digit GS1-128 収納代行 barcode alike.
 */
export function mod10Weight31(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, w = 3; i >= 0; i--, w = w === 3 ? 1 : 3) {
    sum += (body.charCodeAt(i) - 48) * w;
  }
  return (10 - (sum % 10)) % 10;
}

function hasValidCheckDigit(value: string, length: number): boolean {
  if (value.length !== length || !/^\d+$/.test(value)) return false;
  return mod10Weight31(value.slice(0, -1)) === value.charCodeAt(length - 1) - 48;
}

/** 納付番号: 科目(2) 賦課年度(2) 期別(2) 通知書番号(9) check(1). */
export function isValidBillNumber(value: string): boolean {
  return hasValidCheckDigit(value, 16);
}

/** GS1-128 AI 91 barcode of a 収納代行 slip, 44 digits. */
export function isValidBarcode(value: string): boolean {
  return hasValidCheckDigit(value, 44);
}

export function withCheckDigit(body: string): string {
  return body + String(mod10Weight31(body));
}
