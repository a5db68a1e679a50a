import type { AuditEntry } from '../audit/audit.service';

/** One flag the machine moved in a run (matching, deposits), noted for its audit row. */
export interface MachineTransitionRow {
  exception_id: number;
  municipality_code: string;
  from_status: string;
  to_status: string;
  reason: string;
}

/** The audit rows of the machine's moves: by `system`, each with its reason. */
export function machineTransitionAudits(moved: MachineTransitionRow[]): AuditEntry[] {
  return moved.map((t) => ({
    municipalityCode: t.municipality_code,
    actor: 'system',
    action: 'exception.transition',
    entity: 'recon_exception',
    entityId: String(t.exception_id),
    before: { status: t.from_status },
    after: { status: t.to_status },
    reason: t.reason,
  }));
}
