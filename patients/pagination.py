"""Pagination that stays fast on the last page of a long, annotated list."""

from django.core.paginator import Page, Paginator


class KeysFirstPaginator(Paginator):
    """Find the page's primary keys first, then load (and annotate) only those rows.

    A plain Paginator runs `LIMIT 25 OFFSET n` on the full query, and both PostgreSQL and SQLite
    evaluate per-row Subquery annotations (`with_pain_summary()`) for every row that OFFSET skips:
    the last of 400 pages was the slowest page of the benchmark on PostgreSQL (docs/performance.md).
    Here OFFSET walks an index of keys (`patient_active_by_name`), and the annotations run for the
    page's rows only. Three queries
    (count, keys, rows) whatever the page or the list's size. `object_list` must be a QuerySet.
    """

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=keys)} if keys else {}
        return self._get_page([rows[key] for key in keys], number, self)
