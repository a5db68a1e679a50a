import { api, ok, Schemas } from '../api';
import { useLoad } from '../hooks';
import { ROLE_LABELS } from '../labels';

export type Assignee = Schemas['AssigneeDto'];

/** Who may be given an exception (active staff and managers). */
export function useAssignees() {
  return useLoad(() => ok(api.GET('/api/users/assignees')), []);
}

export function assigneeName(assignees: Assignee[] | undefined, loginName: string | null | undefined): string {
  if (!loginName) return '—';
  const person = assignees?.find((a) => a.loginName === loginName);
  return person && person.displayName !== loginName ? `${person.displayName}（${loginName}）` : loginName;
}

interface SelectProps {
  label: string;
  value: string;
  onChange(value: string): void;
  assignees: Assignee[] | undefined;
  /** The text of the empty choice; without it a person must be chosen. */
  emptyLabel?: string;
  required?: boolean;
}

export function AssigneeSelect({ label, value, onChange, assignees, emptyLabel, required }: SelectProps) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)} required={required}>
        <option value="">{emptyLabel ?? '選択してください'}</option>
        {assignees?.map((a) => (
          <option key={a.loginName} value={a.loginName}>
            {a.displayName}（{ROLE_LABELS[a.role]}）
          </option>
        ))}
      </select>
    </label>
  );
}
