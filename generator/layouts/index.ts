/**
 * The one writer of formats.md's byte layouts for everything that makes input files: the sample generator
 * (samples/), the parsers' committed fixtures, test/support and the benchmark (bench/make-konbini.ts).
 * Every builder returns exactly what formats.md lays out: the fixed-length ones return CP932 bytes and refuse
 * to return a record of the wrong width; the CSV ones return one line of text.
 */
export * from './bill-number';
export * from './csv';
export * from './fields';
export * from './fixed-width';
export * from './konbini';
export * from './zengin-furikae';
export * from './zengin-deposit';
