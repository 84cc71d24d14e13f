// The one place a page number becomes OFFSET/LIMIT, and a page of rows the list's answer.
import type { Page, PageQuery } from '../../shared/pagination.ts';

export function pageWindow(query: PageQuery): { offset: number; limit: number } {
  return { offset: (query.page - 1) * query.pageSize, limit: query.pageSize };
}

export function pageAnswer<T>(query: PageQuery, items: T[], total: number): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize };
}
