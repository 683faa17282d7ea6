"""Type-ahead patient search that stays instant at 100,000 patients.

The longest name-like term of the query drives the search through an index
that is already in display order, in ranked *branches*:

1. family names starting with the term   (index family_key, given_key, id)
2. given names starting with it           (index given_key, family_key, id)
   (and, for a term typed with spaces, hyphens or apostrophes, 1 and 2 again
   with the term written without them: "O'Brien" finds "Obrien")
3. another word of a name starting with it, or a name written without its
   spaces, hyphens and apostrophes ("cruz" of "de la Cruz", "obrien" for
   "O'Brien"; table patient_name_word, index word, patient_id)
4. chart numbers starting with it         (the unique chart_number index)
5. for a term of digits, chart numbers whose number part starts with it
   ("1013" finds RDC-1013 and RDC-01013; index ix_patient_chart_number_part)

Each branch excludes rows an earlier branch already listed; the other terms
(and birth dates) are filters. A page walks one branch in index order and
stops after ``limit`` rows, so no query sorts all matches, and the next page
continues from a keyset cursor (branch, last sort key) instead of an OFFSET.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from sqlalchemy import (
    ColumnElement, FromClause, Integer, Select, and_, bindparam, exists, false, func, literal_column, not_, or_, select, true,
    tuple_, union_all,
)

from tracker.models import Patient, PatientNameWord
from tracker.models.patient import CHART_NUMBER_STRIPPED
from tracker.services.name_words import compact
from tracker.services.patient_rows import LIST_COLUMNS, NAME_ORDER, PatientRow, SearchCursor, SearchPage, list_rows
from tracker.services.patients import PatientView, get_patients, name_key

DATE_PATTERNS = (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})"), re.compile(r"(\d{1,2})[./](\d{1,2})[./](\d{4})"))
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{1,2})-?")
TERM_SPLIT = re.compile(r"[\s,]+")
DIGITS = re.compile(r"[0-9]+")
P = Patient.__table__.c
WORDS = PatientNameWord.__table__


def parse_date(text: str) -> date | None:
    """A date typed as YYYY-MM-DD or DD/MM/YYYY (also with dots), else None."""
    for pattern in DATE_PATTERNS:
        m = pattern.fullmatch(text.strip())
        if m:
            a, b, c = (int(g) for g in m.groups())
            try:
                return date(a, b, c) if a > 31 else date(c, b, a)
            except ValueError:
                return None
    return None


def _prefix(column, text: str) -> ColumnElement[bool]:  # noqa: ANN001
    """An index-friendly prefix match: column >= text AND column < text + U+FFFF."""
    return and_(column >= text, column < text + "\uffff")


def _chart_variants(term: str) -> tuple[str, ...]:
    """The term as typed and upper-cased: chart numbers are usually upper case.
    Distinct variants cover disjoint ranges of the chart index."""
    return tuple(dict.fromkeys((term, term.upper())))


def _chart_prefix(term: str) -> ColumnElement[bool]:
    return or_(*(_prefix(P.chart_number, v) for v in _chart_variants(term)))


def _number_part(term: str) -> str | None:
    """What a term of two or more digits is looked for as, in chart numbers' number
    parts (its leading zeros left out, as there); None for any other term. Staff
    often type only the digits of a chart number ("1013" for RDC-1013)."""
    if len(term) < 2 or DIGITS.fullmatch(term) is None:
        return None
    return term.lstrip("0") or None


def _chart_match(term: str) -> ColumnElement[bool]:
    """The chart number starts with the term, or its number part does."""
    part = _number_part(term)
    return _chart_prefix(term) if part is None else or_(_chart_prefix(term), _prefix(CHART_PART, part))


def _has_word(word: str) -> ColumnElement[bool]:
    """The patient has a stored word starting with ``word`` (a primary-key lookup)."""
    if not word:
        return false()
    w = WORDS.alias("w_filter")
    return exists().where(w.c.patient_id == P.id, _prefix(w.c.word, word))


def _written_together(key: str) -> tuple[ColumnElement[bool], ColumnElement[bool]] | None:
    """For a term typed with spaces, hyphens or apostrophes ("o'brien"): family
    and given names starting with it written without them ("Obrien"), which
    store no words of their own."""
    word = compact(key)
    if not word or word == key:
        return None
    return _prefix(P.family_key, word), _prefix(P.given_key, word)


def _term_condition(term: str) -> ColumnElement[bool]:
    key = name_key(term)
    return or_(_prefix(P.family_key, key), _prefix(P.given_key, key), *(_written_together(key) or ()),
               _has_word(compact(key)), _chart_match(term))


@dataclass(frozen=True)
class _Branch:
    match: ColumnElement[bool]  # on the patient row alone: counts and the later branches' exclusions use it
    order: tuple
    # A branch that walks another table's index: what it reads from, and its condition there.
    source: FromClause | None = None
    walk: ColumnElement[bool] | None = None

    def rows(self, columns: Sequence, filters: Sequence[ColumnElement[bool]], *, keyed: bool = True) -> Select:
        """The branch's rows (with its order's columns from the other table when
        ``keyed``: the keyset reads them)."""
        # Order columns that are not the patient's own (another table's, an expression): read too.
        extra = [c for c in self.order if getattr(c, "table", None) is not Patient.__table__] if keyed else []
        if self.source is None:
            return select(*columns, *extra).select_from(Patient.__table__).where(self.match, *filters)
        return select(*columns, *extra).select_from(self.source).where(self.walk, *filters)


def _word_branch(word: str, *already: ColumnElement[bool]) -> _Branch:
    """Patients with a stored word starting with ``word``, walked in word order;
    a patient with two such words is listed at the first only."""
    w, earlier = WORDS.alias("w"), WORDS.alias("w_earlier")
    first = not_(exists().where(earlier.c.patient_id == w.c.patient_id, earlier.c.word >= word, earlier.c.word < w.c.word))
    others = tuple(not_(c) for c in already)
    return _Branch(and_(_has_word(word), *others), (w.c.word, w.c.patient_id),
                   source=w.join(Patient.__table__, P.id == w.c.patient_id),
                   walk=and_(_prefix(w.c.word, word), first, *others))


@dataclass(frozen=True)
class _Plan:
    branches: tuple[_Branch, ...]
    filters: tuple[ColumnElement[bool], ...]
    # Statements built once per plan (the plan itself is cached per search text).
    statements: dict = field(default_factory=dict, compare=False, hash=False)

    def statement(self, number: int, paging: bool) -> Select:
        """The page query of one branch; parameters: want, and after_0.. when paging."""
        stmt = self.statements.get((number, paging))
        if stmt is None:
            branch = self.branches[number]
            stmt = branch.rows(_COLUMNS, self.filters)
            if paging:
                keys = [bindparam(f"after_{i}", type_=column.type) for i, column in enumerate(branch.order)]
                stmt = stmt.where(tuple_(*branch.order) > tuple_(*keys))
            stmt = stmt.order_by(*branch.order).limit(bindparam("want", type_=Integer()))
            self.statements[(number, paging)] = stmt
        return stmt

    def count_statement(self, capped: bool) -> Select:
        """How many match, branch by branch (each walks its own index: an OR of
        the branches would read the whole table); parameter: cap, when capped."""
        stmt = self.statements.get(("count", capped))
        if stmt is None:
            arms = [b.rows((literal_column("1"),), self.filters, keyed=False) for b in self.branches]
            hits = union_all(*arms) if len(arms) > 1 else arms[0]
            if capped:
                hits = hits.limit(bindparam("cap", type_=Integer()))
            stmt = self.statements[("count", capped)] = select(func.count()).select_from(hits.subquery())
        return stmt


NAME_ORDER_COLUMNS = tuple(P[name] for name in NAME_ORDER)
GIVEN_ORDER = (P.given_key, P.family_key, P.id)
CHART_ORDER = (P.chart_number, P.id)
# The indexed expression (ix_patient_chart_number_part), written as the index has it.
CHART_PART = func.ltrim(func.upper(P.chart_number), literal_column(f"'{CHART_NUMBER_STRIPPED}'")).label("chart_part")
CHART_PART_ORDER = (CHART_PART, P.id)


def _birth_condition(term: str) -> ColumnElement[bool] | None:
    """A birth-date match for a full date, or for a month typed as YYYY-MM."""
    born = parse_date(term)
    if born is not None:
        return P.date_of_birth == born
    month = MONTH_PATTERN.fullmatch(term)
    if month and 1 <= int(month.group(2)) <= 12 and int(month.group(1)) >= 1800:
        year, mon = int(month.group(1)), int(month.group(2))
        end = date(year + 1, 1, 1) if mon == 12 else date(year, mon + 1, 1)
        return and_(P.date_of_birth >= date(year, mon, 1), P.date_of_birth < end)
    return None


def _chart_branches(term: str, *already: ColumnElement[bool]) -> tuple[_Branch, ...]:
    """One branch per chart variant, each an ordered walk of the unique index; then,
    for a term of digits, the chart numbers whose number part starts with it."""
    others = tuple(not_(c) for c in already)
    branches = tuple(_Branch(and_(_prefix(P.chart_number, v), *others), CHART_ORDER) for v in _chart_variants(term))
    part = _number_part(term)
    if part is not None:
        branches += (_Branch(and_(_prefix(CHART_PART, part), not_(_chart_prefix(term)), *others), CHART_PART_ORDER),)
    return branches


@lru_cache(maxsize=64)
def _plan(text: str, include_voided: bool) -> _Plan:
    """The query plan for a search text (cached: paging and retyping reuse it)."""
    terms = [t for t in TERM_SPLIT.split(text.strip()) if t]
    filters: list[ColumnElement[bool]] = [] if include_voided else [P.voided_at.is_(None)]
    births = {t: c for t in terms if (c := _birth_condition(t)) is not None}
    names = [t for t in terms if t not in births]
    if not terms:
        return _Plan((_Branch(true(), NAME_ORDER_COLUMNS),), tuple(filters))
    if names:
        driver = max(names, key=len)
        key = name_key(driver)
        family, given = _prefix(P.family_key, key), _prefix(P.given_key, key)
        word = compact(key)
        named = (_Branch(family, NAME_ORDER_COLUMNS), _Branch(and_(given, not_(family)), GIVEN_ORDER))
        listed = (family, given)
        together = _written_together(key)
        if together:
            family_together, given_together = together
            named += (_Branch(and_(family_together, *map(not_, listed)), NAME_ORDER_COLUMNS),
                      _Branch(and_(given_together, *map(not_, (*listed, family_together))), GIVEN_ORDER))
            listed += together
        if word:
            named += (_word_branch(word, *listed),)
        branches: tuple[_Branch, ...] = (*named, *_chart_branches(driver, *listed, _has_word(word)))
    else:
        driver = terms[0]
        born = births[driver]
        branches = (_Branch(born, NAME_ORDER_COLUMNS), *_chart_branches(driver, born))
    for term in terms:
        if term is driver:
            continue
        # A date-like term may also be the start of a chart number (2024-01...).
        filters.append(or_(births[term], _chart_prefix(term)) if term in births else _term_condition(term))
    return _Plan(branches, tuple(filters))


# Core columns: building the query from them skips the ORM's attribute machinery.
_COLUMNS = tuple(P[name] for name in LIST_COLUMNS)


def _sort_key(row, order: Sequence) -> tuple:  # noqa: ANN001
    return tuple(getattr(row, column.key) for column in order)


def search_page(db, text: str = "", *, after: SearchCursor | None = None, limit: int = 100,  # noqa: ANN001
                include_voided: bool = False) -> SearchPage:
    """One page of matches in display order; pass the returned cursor for the next page."""
    plan = _plan(text, include_voided)
    rows: list[PatientRow] = []
    start = after.branch if after else 0
    with db.read() as s:
        for number in range(start, len(plan.branches)):
            branch = plan.branches[number]
            paging = after is not None and number == after.branch
            want = limit - len(rows)
            values = {"want": want, **({f"after_{i}": v for i, v in enumerate(after.after)} if paging else {})}
            # Plain columns, not ORM objects: a page costs little more than the raw query.
            found = s.connection().execute(plan.statement(number, paging), values).all()
            rows.extend(list_rows(found))
            if len(found) == want:
                cursor = SearchCursor(number, _sort_key(found[-1], branch.order))
                return SearchPage(tuple(rows), cursor)
    return SearchPage(tuple(rows), None)


def count_matches(db, text: str = "", *, cap: int = 1000, include_voided: bool = False) -> tuple[int, bool]:  # noqa: ANN001
    """How many patients match, counting at most ``cap`` + 1: (count, more_than_cap)."""
    plan = _plan(text, include_voided)
    with db.read() as s:
        n = s.execute(plan.count_statement(True), {"cap": cap + 1}).scalar_one()
    return min(n, cap), n > cap


def search_patients(db, text: str = "", *, limit: int = 50, offset: int = 0, include_voided: bool = False) -> list[PatientView]:  # noqa: ANN001
    """Matches in display order, as full views (for scripts); pages with the keyset cursor."""
    wanted = offset + limit
    rows: list[PatientRow] = []
    cursor = None
    while len(rows) < wanted:
        page = search_page(db, text, after=cursor, limit=min(wanted - len(rows), 1000), include_voided=include_voided)
        rows.extend(page.rows)
        if page.cursor is None:
            break
        cursor = page.cursor
    return get_patients(db, [r.id for r in rows[offset:wanted]])


def count_patients(db, text: str = "", *, include_voided: bool = False) -> int:  # noqa: ANN001
    plan = _plan(text, include_voided)
    with db.read() as s:
        return s.execute(plan.count_statement(False)).scalar_one()
