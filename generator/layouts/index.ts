/**
 * The one writer of formats.md's byte layouts for well-formed input files: the sample generator (samples/),
 * test/support and the benchmark (bench/make-konbini.ts). The parsers' specs also plant malformed records with
 * loose builders of their own, held to these bytes for every well-formed record (layouts-agree.spec.ts).
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
