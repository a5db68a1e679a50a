import { useId } from 'react';
import { wareki } from '../format';

interface DateFieldProps {
  label: string;
  value: string;
  onChange(value: string): void;
  required?: boolean;
  disabled?: boolean;
  /** A hint under the label, e.g. what an empty value means. */
  hint?: string;
}

/** A date input with its 和暦 beside it; the 和暦 describes the input rather than naming it. */
export function DateField({ label, value, onChange, required, disabled, hint }: DateFieldProps) {
  const warekiId = useId();
  return (
    <div className="date-field">
      <label>
        {label}
        <input
          type="date"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          required={required}
          disabled={disabled}
          aria-describedby={warekiId}
        />
      </label>
      <span id={warekiId} className="wareki">
        {value ? wareki(value) : hint}
      </span>
    </div>
  );
}

/** A day in a table cell: the western date, its 和暦 under it. */
export function DayText({ date }: { date: string | null | undefined }) {
  if (!date) return <>—</>;
  return (
    <>
      {date.slice(0, 10)}
      <span className="wareki-under">{wareki(date)}</span>
    </>
  );
}
