import Link from "next/link";

/** "Newer / Older" links of a paged list, page 1 newest; `href(p)` keeps the list's own filters. */
export const Pager = ({
  page,
  pages,
  href,
}: {
  page: number;
  pages: number;
  href: (page: number) => string;
}) => (
  <nav className="flex gap-3 text-sm" aria-label="Pages">
    {page > 1 && (
      <Link href={href(page - 1)} className="underline">
        Newer
      </Link>
    )}
    {page < pages && (
      <Link href={href(page + 1)} className="underline">
        Older
      </Link>
    )}
  </nav>
);

/** How many pages `total` rows make at `pageSize` a page (at least one, so "page 1 of 1" reads right). */
export const pageCount = (total: number, pageSize: number): number =>
  Math.max(1, Math.ceil(total / pageSize));
