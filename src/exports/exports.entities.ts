import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** 連携先: a business system that receives 収納結果 — its categories, encoding, drop folder and column layout. */
@Entity({ name: 'export_target' })
export class ExportTarget {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" }) municipalityCode: string;
  /** The system's code (`tax`, `kokuho`, …) as the CLI names it. */
  @Column({ type: 'text' }) system: string;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text', array: true }) categories: string[];
  @Column({ type: 'text' }) encoding: 'cp932' | 'utf8';
  /** Where files go, for the city's file-transfer tool to pick up; null keeps them in keshikomi only. */
  @Column({ type: 'text', nullable: true }) dir: string | null;
  /** The columns in their order: contract.md's are always there, a system may add others. */
  @Column({ type: 'text', array: true }) columns: string[];
  @Column({ name: 'updated_by', type: 'text' }) updatedBy: string;
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' }) updatedAt: Date;
}

/** One 収納結果 file written for a system: its rows, sum, bytes and who asked. */
@Entity({ name: 'export_run' })
export class ExportRun {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id: number;
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" }) municipalityCode: string;
  @Column({ name: 'target_id', type: 'bigint' }) targetId: number;
  @Column({ type: 'text' }) selection: 'since_last' | 'range';
  @Column({ name: 'from_on', type: 'date', nullable: true }) fromOn: string | null;
  @Column({ name: 'to_on', type: 'date', nullable: true }) toOn: string | null;
  @Column({ type: 'integer' }) rows: number;
  @Column({ type: 'bigint' }) amount: number;
  @Column({ type: 'text' }) encoding: string;
  @Column({ name: 'file_name', type: 'text' }) fileName: string;
  @Column({ name: 'file_path', type: 'text', nullable: true }) filePath: string | null;
  @Column({ type: 'char', length: 64 }) sha256: string;
  @Column({ type: 'bytea' }) content: Buffer;
  @Column({ name: 'created_by', type: 'text' }) createdBy: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt: Date;
}

/** Which event went to which system in which run: each event once per system. */
@Entity({ name: 'export_run_event' })
export class ExportRunEvent {
  @PrimaryColumn({ name: 'target_id', type: 'bigint' }) targetId: number;
  @PrimaryColumn({ name: 'event_id', type: 'bigint' }) eventId: number;
  @Column({ name: 'run_id', type: 'bigint' }) runId: number;
  @Column({ name: 'row_no', type: 'integer' }) rowNo: number;
}

/** A 振替不能 followed up (再振替, or a 納付書 sent), by whom and how. */
@Entity({ name: 'failed_debit_follow_up' })
export class FailedDebitFollowUp {
  @PrimaryColumn({ name: 'failed_debit_id', type: 'bigint' }) failedDebitId: number;
  @Column({ name: 'municipality_code', type: 'char', length: 6, default: () => "'462144'" }) municipalityCode: string;
  @Column({ type: 'text' }) note: string;
  @Column({ name: 'followed_up_by', type: 'text' }) followedUpBy: string;
  @Column({ name: 'followed_up_at', type: 'timestamptz', default: () => 'now()' }) followedUpAt: Date;
}
