import { api, ok } from '../api';
import { useLoad } from '../hooks';

/** 科目 by name: the city's revenue categories are data on the server (GET /api/categories). */
export function CategorySelect({ value, onChange }: { value: string; onChange(code: string): void }) {
  const categories = useLoad(() => ok(api.GET('/api/categories')), []);
  return (
    <label>
      科目
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">すべて</option>
        {categories.data?.map((c) => (
          <option key={c.code} value={c.code}>
            {c.code} {c.name}
          </option>
        ))}
      </select>
    </label>
  );
}
