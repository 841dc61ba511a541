import type { Sort, SortKey } from './rows';

interface Props { column: SortKey; label: string; numeric: boolean; sort: Sort; onSort(key: SortKey): void }

export function SortHeader({ column, label, numeric, sort, onSort }: Props) {
  const active = sort.key === column;
  return (
    <th scope="col" className={numeric ? 'num' : undefined} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" onClick={() => onSort(column)}>
        {label}<span className="sort-mark" aria-hidden="true">{active ? (sort.dir === 'asc' ? '▲' : '▼') : ''}</span>
      </button>
    </th>
  );
}
