import { Column } from 'typeorm';

/** A count of a file's lines (all, accepted, rejected): an integer, 0 until the file is read. */
export const LineCountColumn = (): PropertyDecorator => Column({ type: 'integer', default: 0 });
