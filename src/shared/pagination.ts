// Pages of a list, the same on every list route: the query asks for a 1-based page of a size
// the route bounds; the answer carries the page, its size and the total.
import { z } from 'zod';

/** The `page` and `pageSize` fields of a list's query, to spread into its schema. */
export function pageQuery(size: { default: number; max: number; maxPage?: number }) {
  const page = z.coerce.number().int().min(1);
  return {
    page: (size.maxPage ? page.max(size.maxPage) : page).default(1),
    pageSize: z.coerce.number().int().min(1).max(size.max).default(size.default),
  };
}

export interface PageQuery {
  page: number;
  pageSize: number;
}

/** A page of `item`s: the answer schema of a list route. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
