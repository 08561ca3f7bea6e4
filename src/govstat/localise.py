"""Error localisation: which cells to change so that every error-level rule holds again.

A finding says that a total does not add up; it does not say which of its cells is wrong. This
module answers as statistical offices do (the Fellegi–Holt principle, as in R's errorlocate):
the likeliest explanation is the smallest set of cells whose change lets every error-level rule
hold at once. For each such set it gives the values the cells would take, ranks the sets, and
names a typo when one explains the imbalance. The hints go under the findings they explain
(:attr:`Finding.hints`): suggestions, never corrections, and never written back to the input.

**Constraints.** The rules themselves: every error-level :class:`~govstat.rules.Relation` that
the engine checks on the table, read through :meth:`Relation.linear`, so that an ``Either``
resolves as the engine resolves it and last year's cells (``prev:``) are constants. A cell may
take the values of its kind (:mod:`govstat.types`): a whole number ≥ 0 for a count, a whole
number for 本年增/减, a number ≥ 0 for 万元 and sums; a cell holding a value outside its kind
(-3 件) must change. Cells linked by rules form groups; each group with a broken rule is solved
on its own, so two errors in unrelated tables are located independently.

**Method.**

1. One cell, exactly. With every other cell kept, the values a cell may take form an interval
   that decimal arithmetic gives directly. When some cell can mend its group alone, these cells
   are all the smallest sets, and no solver is loaded.
2. Otherwise a mixed-integer program: per cell a value x and a binary z ("changed"),
   ``|x − v| ≤ M·z`` ties x to the value read unless z = 1, the rules are linear constraints,
   and Σz is minimised. More sets of the same size come from solving again with each set found
   cut off (``Σ_{i∈S} z_i ≤ |S| − 1``), up to :data:`MAX_SETS`. The values of a set are the
   nearest ones (least Σ|x − v|, a second small program). M is how far the cell's domain lets
   it move: down to its floor (0 for a count), up to twice the sum of the group's values plus
   10, so no larger value is ever suggested.
3. Every set is checked again by govstat's own rule engine on a copy of the table, in exact
   decimal arithmetic, so no rounding of the solver reaches a hint.

**Ranking.** ``weight = B + 0.5·U + P/1000 − 0.75·D``; lower is likelier:

- B: the rules of any severity that hold now and that the change would break, as the engine
  finds them on the changed copy. A cell that agrees with the other rules is less likely wrong.
- U: 0 when a typo explains the change (two adjacent digits swapped, one digit other than the
  last mistyped, a value typed into the neighbouring cell), else 1.
- P: the relations holding now that the changed cells take part in (capped at 499, so that it
  only breaks ties).
- D: the share of the changed cells that OCR read with a low score (a scan's doubtful cells,
  :attr:`~govstat.model.CellRef.doubtful`): a misreading is likelier than a wrong figure or
  a typo, so such a cell comes first, but never before a set that breaks fewer rules.

Equal weights keep the printed order of the cells.

**Solver.** ``scipy.optimize.milp``, that is HiGHS, the open-source LP/MIP solver scipy ships.
It is well kept, silent (the ``highspy`` package, HiGHS's own, prints a banner on standard
output the first time it is used, which would corrupt ``--format json``), honours a time limit
and proves its optimum: the objective is a whole number of cells and HiGHS stops at a relative
gap of 10⁻⁴, so its optimum is the exact minimum for any group under 10 000 cells. Two families
of valid rows make the LP bound worth having (with the big-M rows alone every z may be nearly
0): a broken rule needs one of its cells changed, and an equation that holds cannot have exactly
one of its cells changed; on table 三 with two errors they take a solve from 1.5 s to 0.1 s.
OR-Tools CP-SAT would be as exact in integers, but it imports pandas (0.5 s, as scipy's import
takes) and adds some 160 MB. Both import and solve are paid only when a table has a broken
error rule that no single cell explains.

**Bounds.** All groups of a table share :data:`TIME_LIMIT` seconds; at most :data:`MAX_SETS`
sets are listed per group. The solver works in floating point: a set it returns that fails the
exact check is dropped and the search reported as unproven. When the search stops early, or
more sets exist than are listed, :func:`add_hints` returns a note saying so (it goes into
``Report.notes``). ``benchmarks/localise.py`` times it on table 三 of form 2021: one wrong cell
about 20 ms, two to three 0.1–0.3 s (after the solver's import, about 0.6 s once per process),
five or more from 0.2 s up to the limit.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any, Literal

from govstat.engine import check
from govstat.forms import Form, get_form
from govstat.model import (
    CellRef,
    Change,
    FilledTable,
    Finding,
    Hint,
    Lang,
    Severity,
    Value,
    ValueKind,
    format_number,
)
from govstat.rules import PREVIOUS, Context, Op, Relation, _holds
from govstat.types import type_error

TIME_LIMIT = 5.0
"""Seconds the solver may spend on one table, all groups together."""

MAX_SETS = 8
"""Smallest sets listed per group of cells; a note says when there are more."""

_STEP = Decimal("0.0001")
"""The finest step of a decimal cell (万元 to the yuan), for strict inequalities."""

Bound = Decimal | None
Search = Literal["complete", "capped", "partial", "unproven"]
Kind = Literal["fix", "swap", "digit", "shift"]


# ---------------------------------------------------------------- the constraints


@dataclass
class Constraint:
    """One error-level relation as ``Σ terms·x + constant  op  0``."""

    rule: Relation
    terms: dict[str, int]
    """This year's cells and their coefficients."""
    constant: Decimal
    """Last year's cells, summed with their signs."""
    op: Op

    def total(self, values: Mapping[str, Decimal]) -> Decimal:
        return self.constant + sum(
            (coef * values[cell] for cell, coef in self.terms.items()), Decimal(0)
        )

    def holds(self, values: Mapping[str, Decimal]) -> bool:
        return _holds(self.total(values), self.op, Decimal(0))


@dataclass
class Group:
    """Cells linked by error-level relations, with the values read and their kinds."""

    cells: list[str]
    constraints: list[Constraint]
    reported: dict[str, Decimal]
    kinds: dict[str, ValueKind]

    @property
    def forced(self) -> list[str]:
        """Cells whose value does not fit their kind: they must change."""
        return [c for c in self.cells if type_error(self.kinds[c], self.reported[c]) is not None]

    @property
    def broken(self) -> list[Constraint]:
        return [c for c in self.constraints if not c.holds(self.reported)]

    @cached_property
    def top(self) -> float:
        """The largest value a cell may take in the solver: twice the group's magnitude."""
        magnitude = sum((abs(v) for v in self.reported.values()), Decimal(0))
        magnitude += sum((abs(c.constant) for c in self.constraints), Decimal(0))
        return 2 * float(magnitude) + 10

    def lower(self, cell: str) -> float:
        return -self.top if _floor(self.kinds[cell]) is None else 0.0

    def step(self, constraint: Constraint) -> float:
        """The smallest gap a strict inequality needs between integral or decimal cells."""
        return 1.0 if all(_integral(self.kinds[c]) for c in constraint.terms) else float(_STEP)

    def rule_ids(self) -> list[str]:
        """The ids of the broken rules, once each, in declaration order."""
        return list(dict.fromkeys(c.rule.id for c in self.broken))


@dataclass
class Fix:
    """One smallest set of changes: the cells' new values, and for each the range of values
    that would do as well with the other changes made."""

    values: dict[str, Decimal]
    ranges: dict[str, tuple[Bound, Bound]] = field(default_factory=dict)


@dataclass
class Located:
    """A group with broken rules and its smallest sets of changes (unranked)."""

    group: Group
    fixes: list[Fix]
    search: Search
    """``complete``: every smallest set is listed; ``capped``: more exist than are listed;
    ``partial``: no smaller set exists, but the time ran out before every set of this size was
    found; ``unproven``: the time ran out before a smaller set was ruled out."""


def _integral(kind: ValueKind) -> bool:
    return kind in (ValueKind.count, ValueKind.signed)


def _floor(kind: ValueKind) -> Bound:
    return None if kind is ValueKind.signed else Decimal(0)


def groups(table: FilledTable, form: Form | None = None) -> list[Group]:
    """The error-level relations checked on ``table``, as groups of linked cells."""
    form = form or get_form(table.form)
    ctx = Context(form, table.values, "zh", table.metadata, table.previous)
    constraints = []
    for rule in form.rules:
        if not isinstance(rule, Relation) or rule.severity is not Severity.error:
            continue
        linear = rule.linear(ctx)
        if linear is None:
            continue
        terms: dict[str, int] = {}
        constant = Decimal(0)
        for coef, ident in linear:
            number = ctx.value(ident).number
            assert number is not None  # linear() returns only relations over numbers
            if ident.startswith(PREVIOUS):
                constant += coef * number
            else:
                terms[ident] = terms.get(ident, 0) + coef
        terms = {cell: coef for cell, coef in terms.items() if coef}
        if terms:
            constraints.append(Constraint(rule, terms, constant, rule.op))
    parent: dict[str, str] = {}

    def root(cell: str) -> str:
        while parent.setdefault(cell, cell) != cell:
            parent[cell] = parent[parent[cell]]
            cell = parent[cell]
        return cell

    for constraint in constraints:
        first, *rest = constraint.terms
        for cell in rest:
            parent[root(cell)] = root(first)
    order = {ind.id: n for n, ind in enumerate(form.indicators)}
    members: dict[str, list[str]] = {}
    for cell in sorted(parent, key=order.__getitem__):
        members.setdefault(root(cell), []).append(cell)
    out = []
    for cells in members.values():
        chosen = set(cells)
        out.append(
            Group(
                cells=cells,
                constraints=[c for c in constraints if next(iter(c.terms)) in chosen],
                reported={c: _number(table.values[c]) for c in cells},
                kinds={c: form.indicator(c).kind for c in cells},
            )
        )
    return out


def _number(value: Value) -> Decimal:
    assert value.number is not None
    return value.number


# ---------------------------------------------------------------- one cell, exactly

_FLIP: dict[Op, Op] = {"==": "==", "<=": ">=", ">=": "<=", "<": ">", ">": "<"}


def interval(group: Group, cell: str, values: Mapping[str, Decimal]) -> tuple[Bound, Bound] | None:
    """The values ``cell`` may take, every other cell keeping its value in ``values``, for every
    rule of the group to hold: ``(low, high)`` with None for no bound, or None when there are
    none (a rule the cell is not in is broken, or the range is empty)."""
    kind = group.kinds[cell]
    integral = _integral(kind)
    low, high = _floor(kind), None
    for constraint in group.constraints:
        coef = constraint.terms.get(cell, 0)
        if coef == 0:
            if not constraint.holds(values):
                return None
            continue
        # coef·x + rest  op  0  ⇔  x  op'  −rest/coef
        bound = Decimal(0) - (constraint.total(values) - coef * values[cell]) / coef  # no -0
        op = constraint.op if coef > 0 else _FLIP[constraint.op]
        if op == ">":
            bound = bound.to_integral_value(ROUND_FLOOR) + 1 if integral else bound + _STEP
        elif op == "<":
            bound = bound.to_integral_value(ROUND_CEILING) - 1 if integral else bound - _STEP
        if op in ("==", ">=", ">"):
            low = bound if low is None else max(low, bound)
        if op in ("==", "<=", "<"):
            high = bound if high is None else min(high, bound)
    if integral:
        low = None if low is None else low.to_integral_value(ROUND_CEILING)
        high = None if high is None else high.to_integral_value(ROUND_FLOOR)
    if low is not None and high is not None and low > high:
        return None
    return low, high


def _nearest(value: Decimal, low: Bound, high: Bound, integral: bool) -> Decimal:
    if integral:
        value = value.to_integral_value(ROUND_HALF_UP)
    if low is not None and value < low:
        value = low
    if high is not None and value > high:
        value = high
    return value


def single_fixes(group: Group) -> list[Fix]:
    """Every cell that can mend the group on its own, with its nearest value (exact)."""
    forced = group.forced
    if len(forced) > 1:
        return []
    fixes = []
    for cell in forced or group.cells:
        span = interval(group, cell, group.reported)
        if span is None:
            continue
        value = _nearest(group.reported[cell], *span, _integral(group.kinds[cell]))
        if value != group.reported[cell]:
            fixes.append(Fix({cell: value}, {cell: span}))
    return fixes


# ---------------------------------------------------------------- the solver


def _solve(group: Group, deadline: float, max_sets: int) -> tuple[list[list[str]], Search]:
    """The smallest sets of cells whose change mends the group, and how far the search went."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    cells = group.cells
    n = len(cells)
    index = {cell: i for i, cell in enumerate(cells)}
    reported = [float(group.reported[c]) for c in cells]
    top = group.top
    lower = [group.lower(c) for c in cells]
    forced = set(group.forced)
    rows: list[list[float]] = []
    lbs: list[float] = []
    ubs: list[float] = []

    def add(coefs: Mapping[int, float], lb: float, ub: float) -> None:
        row = [0.0] * (2 * n)
        for i, coef in coefs.items():
            row[i] = coef
        rows.append(row)
        lbs.append(lb)
        ubs.append(ub)

    for constraint in group.constraints:
        coefs = {index[c]: float(a) for c, a in constraint.terms.items()}
        add(coefs, *_row_bounds(constraint.op, -float(constraint.constant), group.step(constraint)))
    for i, cell in enumerate(cells):
        if cell in forced:
            continue
        # x − v ≤ (top − v)·z and v − x ≤ (v − lower)·z: a count of 0 can only grow
        add({i: 1.0, n + i: -(top - reported[i])}, -np.inf, reported[i])
        add({i: 1.0, n + i: reported[i] - lower[i]}, reported[i], np.inf)
    # Valid inequalities that give the LP relaxation a bound worth having (the big-M rows
    # alone let every z be nearly 0): a broken rule needs one of its cells changed, and an
    # equation that holds cannot have exactly one of its cells changed.
    for constraint in group.constraints:
        members = [n + index[c] for c in constraint.terms]
        if not constraint.holds(group.reported):
            add(dict.fromkeys(members, 1.0), 1, np.inf)
        elif constraint.op == "==" and len(members) > 1:
            for one in members:
                add({**dict.fromkeys(members, -1.0), one: 1.0}, -np.inf, 0)
    integrality = [1 if _integral(group.kinds[c]) else 0 for c in cells] + [1] * n
    bounds = Bounds(lower + [1.0 if c in forced else 0.0 for c in cells], [top] * n + [1.0] * n)
    cost = [0.0] * n + [1.0] * n
    found: list[list[str]] = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return found, "partial" if found else "unproven"
        result: Any = milp(
            cost,
            constraints=LinearConstraint(np.array(rows), lbs, ubs),
            integrality=integrality,
            bounds=bounds,
            options={"time_limit": left},
        )
        if result.status == 2:  # infeasible: no further set of this size
            return found, "complete"
        if result.x is None:  # stopped at the time limit with no set
            return found, "partial" if found else "unproven"
        chosen = [cells[i] for i in range(n) if result.x[n + i] > 0.5]
        if result.status != 0:  # stopped at the time limit with a set not proven smallest
            return (found, "partial") if found else ([chosen], "unproven")
        if len(found) == max_sets:
            return found, "capped"  # one more exists than are listed
        if not found:
            add({n + i: 1.0 for i in range(n)}, len(chosen), len(chosen))  # Σz = the minimum
        found.append(chosen)
        add({n + index[c]: 1.0 for c in chosen}, -np.inf, len(chosen) - 1)


def _row_bounds(op: Op, rhs: float, step: float) -> tuple[float, float]:
    """The bounds of ``Σ a·x  op  rhs`` as ``lb ≤ Σ a·x ≤ ub``."""
    inf = float("inf")
    return {
        "==": (rhs, rhs),
        "<=": (-inf, rhs),
        ">=": (rhs, inf),
        "<": (-inf, rhs - step),
        ">": (rhs + step, inf),
    }[op]


def _nearest_values(group: Group, chosen: list[str], deadline: float) -> dict[str, Decimal] | None:
    """The values of ``chosen`` nearest to those read (least Σ|x − v|) that mend the group."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp

    k = len(chosen)
    index = {cell: i for i, cell in enumerate(chosen)}
    rows: list[list[float]] = []
    lbs: list[float] = []
    ubs: list[float] = []
    for constraint in group.constraints:
        row = [0.0] * (3 * k)
        rest = constraint.constant
        for cell, coef in constraint.terms.items():
            if cell in index:
                row[index[cell]] = float(coef)
            else:
                rest += coef * group.reported[cell]
        lb, ub = _row_bounds(constraint.op, -float(rest), group.step(constraint))
        rows.append(row)
        lbs.append(lb)
        ubs.append(ub)
    for cell, i in index.items():  # x − up + down = v
        row = [0.0] * (3 * k)
        row[i], row[k + i], row[2 * k + i] = 1.0, -1.0, 1.0
        value = float(group.reported[cell])
        rows.append(row)
        lbs.append(value)
        ubs.append(value)
    top = group.top
    lower = [group.lower(c) for c in chosen]
    result: Any = milp(
        [0.0] * k + [1.0] * (2 * k),
        constraints=LinearConstraint(np.array(rows), lbs, ubs),
        integrality=[1 if _integral(group.kinds[c]) else 0 for c in chosen] + [0] * (2 * k),
        bounds=Bounds(lower + [0.0] * (2 * k), [top] * k + [np.inf] * (2 * k)),
        options={"time_limit": max(deadline - time.monotonic(), 0.1)},
    )
    if result.status != 0 or result.x is None:
        return None
    out = {}
    for cell, i in index.items():
        if _integral(group.kinds[cell]):
            out[cell] = Decimal(round(result.x[i]))
        else:
            out[cell] = Decimal(repr(round(float(result.x[i]), 4)))
    return out


def _fix(group: Group, values: dict[str, Decimal]) -> Fix | None:
    """The changes ``values`` as a Fix, with their ranges; None when they do not mend the group
    (exact check: the solver's rounding never reaches a hint)."""
    changed = {c: v for c, v in values.items() if v != group.reported[c]}
    after = {**group.reported, **changed}
    if not changed or any(not c.holds(after) for c in group.constraints):
        return None
    if any(type_error(group.kinds[c], after[c]) for c in group.cells):
        return None
    ranges = {}
    for cell in changed:
        span = interval(group, cell, after)
        assert span is not None  # the group holds with ``after``, so the cell's value fits
        ranges[cell] = span
    return Fix(changed, ranges)


def locate(
    table: FilledTable,
    form: Form | None = None,
    *,
    time_limit: float | None = None,
    max_sets: int | None = None,
) -> list[Located]:
    """Every group of cells with a broken error-level rule, with its smallest sets of changes.

    Single-cell sets are found exactly without a solver; larger ones with the solver, within
    ``time_limit`` seconds for the whole table and at most ``max_sets`` per group (by default
    :data:`TIME_LIMIT` and :data:`MAX_SETS`; see the module's docstring).
    """
    form = form or get_form(table.form)
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    max_sets = MAX_SETS if max_sets is None else max_sets
    deadline = time.monotonic() + time_limit
    out = []
    for group in groups(table, form):
        if not group.broken and not group.forced:
            continue
        singles = single_fixes(group)
        if singles:
            out.append(Located(group, singles, "complete"))
            continue
        sets, search = _solve(group, deadline, max_sets)
        fixes = []
        for chosen in sets:
            values = _nearest_values(group, chosen, deadline)
            fix = _fix(group, values) if values is not None else None
            if fix is not None:
                fixes.append(fix)
            else:  # the solver's set does not survive the exact check: claim nothing
                search = "unproven"
        out.append(Located(group, fixes, search))
    return out


# ---------------------------------------------------------------- typos


def typo(reported: Decimal, suggested: Decimal) -> Literal["swap", "digit"] | None:
    """``swap`` when two adjacent digits are swapped (1243 for 1234), ``digit`` when one digit
    other than the last differs (1284 for 1234), else None. A last digit off (27 for 26) is
    as much a slip in counting as a typo, so it is not named."""
    if reported < 0 or suggested < 0:
        return None
    if reported != reported.to_integral_value() or suggested != suggested.to_integral_value():
        return None
    a, b = str(int(reported)), str(int(suggested))
    if len(a) != len(b) or len(a) < 2:
        return None
    differ = [i for i in range(len(a)) if a[i] != b[i]]
    if len(differ) == 1:
        return "digit" if differ[0] < len(a) - 1 else None
    if len(differ) == 2 and differ[1] == differ[0] + 1:
        i, j = differ
        if a[i] == b[j] and a[j] == b[i]:
            return "swap"
    return None


_ADDRESS = re.compile(r"^([A-Z]+)(\d+)$")


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def neighbours(form: Form, table: FilledTable, a: str, b: str) -> bool:
    """Whether two cells stand side by side: in the sheet when both were read from one, else in
    the printed form (the same row of a matrix, or consecutive rows of a list)."""
    ref_a, ref_b = table.values[a].cell, table.values[b].cell
    if ref_a is not None and ref_b is not None:
        return _adjacent(ref_a, ref_b)
    ind_a, ind_b = form.indicator(a), form.indicator(b)
    if ind_a.table != ind_b.table or abs(ind_a.number - ind_b.number) != 1:
        return False
    return ind_a.column is None or ind_a.row == ind_b.row


def _adjacent(a: CellRef, b: CellRef) -> bool:
    ma, mb = _ADDRESS.match(a.address), _ADDRESS.match(b.address)
    if ma is None or mb is None or (a.sheet, a.file) != (b.sheet, b.file):
        return False
    col_a, row_a = _column_number(ma.group(1)), int(ma.group(2))
    col_b, row_b = _column_number(mb.group(1)), int(mb.group(2))
    return abs(col_a - col_b) + abs(row_a - row_b) == 1


# ---------------------------------------------------------------- hints


def _key(finding: Finding) -> tuple[str, tuple[str, ...]]:
    return finding.rule, tuple(c.indicator for c in finding.cells)


def _holding(form: Form, ctx: Context) -> dict[str, int]:
    """Cell → the relations (any severity) that hold now and that it takes part in."""
    counts: dict[str, int] = {}
    for rule in form.rules:
        if not isinstance(rule, Relation):
            continue
        linear = rule.linear(ctx)
        if linear is None:
            continue
        total = Decimal(0)
        for coef, ident in linear:
            number = ctx.value(ident).number
            assert number is not None
            total += coef * number
        if _holds(total, rule.op, Decimal(0)):
            for ident in dict.fromkeys(i for _, i in linear if not i.startswith(PREVIOUS)):
                counts[ident] = counts.get(ident, 0) + 1
    return counts


@dataclass
class _Ranked:
    fix: Fix
    kind: Kind
    typos: dict[str, str]
    shifted: tuple[str, str] | None
    broken: list[Finding]
    weight: float
    order: tuple[int, ...]


def _explain(
    form: Form, table: FilledTable, group: Group, fix: Fix
) -> tuple[Kind, dict[str, str], tuple[str, str] | None]:
    """What typo explains a fix: its kind, the typo of each change, and for a shift the cell
    the value was typed into and the cell it belongs in."""
    typos: dict[str, str] = {}
    for cell, value in fix.values.items():
        low, high = fix.ranges[cell]
        if low is not None and low == high:  # only a value the rules determine
            found = typo(group.reported[cell], value)
            if found:
                typos[cell] = found
    if len(fix.values) == 2:
        a, b = fix.values
        if neighbours(form, table, a, b):
            for into, belongs in ((a, b), (b, a)):
                moved = group.reported[into]
                if moved != 0 and fix.values[belongs] == moved != group.reported[belongs]:
                    return "shift", typos, (into, belongs)
    kinds = set(typos.values())
    if len(typos) == len(fix.values) and len(kinds) == 1:
        only: Kind = "swap" if "swap" in kinds else "digit"
        return only, typos, None
    return "fix", typos, None


def _doubtful(table: FilledTable, indicator: str) -> bool:
    """Whether OCR read the cell with a low score (:attr:`CellRef.doubtful`)."""
    value = table.values.get(indicator)
    return value is not None and value.cell is not None and value.cell.doubtful


def _rank(
    table: FilledTable,
    form: Form,
    located: Located,
    before: set[tuple[str, tuple[str, ...]]],
    holding: Mapping[str, int],
    lang: Lang,
) -> list[_Ranked]:
    cells = set(located.group.cells)
    order = {ind.id: n for n, ind in enumerate(form.indicators)}
    ranked = []
    for fix in located.fixes:
        values = dict(table.values)
        for cell, number in fix.values.items():
            old = values[cell]
            values[cell] = old.model_copy(
                update={"state": "number", "number": number, "raw": format_number(number)}
            )
        after = check(table.model_copy(update={"values": values}), lang, form)
        if any(
            f.checkable and f.severity is Severity.error and cells & {c.indicator for c in f.cells}
            for f in after
        ):
            continue  # the engine does not agree that the group is mended: never shown
        broken = [f for f in after if f.checkable and _key(f) not in before]
        kind, typos, shifted = _explain(form, table, located.group, fix)
        part = min(sum(holding.get(c, 0) for c in fix.values), 499)
        doubt = sum(1 for c in fix.values if _doubtful(table, c)) / len(fix.values)
        weight = len(broken) + (0.5 if kind == "fix" else 0.0) + part / 1000 - 0.75 * doubt
        ranked.append(
            _Ranked(
                fix,
                kind,
                typos,
                shifted,
                broken,
                round(weight, 3),
                tuple(sorted(order[c] for c in fix.values)),
            )
        )
    ranked.sort(key=lambda r: (r.weight, r.order))
    return ranked


def _place(ref: CellRef | None, sheet: str | None, lang: Lang) -> str:
    """The cell as its finding names it: 表1 第32行第3列 in a Word file, 第4页 表4 … in a
    PDF, 第12行 in a text file; a spreadsheet cell on the table's own sheet by its address
    alone (C34), since Change.cell carries the full reference."""
    if ref is None:
        return ""
    in_sheet = ref.table is None and ref.line is None and ref.page is None
    if in_sheet and ref.sheet == sheet and ref.file is None:
        return ref.address
    return ref.describe(lang)


def _change_text(
    ctx: Context, group: Group, fix: Fix, cell: str, typo_kind: str | None, sheet: str | None
) -> str:
    zh = ctx.lang == "zh"
    at = _place(ctx.value(cell).cell, sheet, ctx.lang)
    where = (f"（{at}）" if zh else f" ({at})") if at else ""
    old, new = format_number(group.reported[cell]), format_number(fix.values[cell])
    low, high = fix.ranges[cell]
    floor = _floor(group.kinds[cell])
    if low == high:
        to = new
    elif high is None:
        to = f"{new} 或更大" if zh else f"{new} or more"
    elif low is None or low == floor:
        to = f"{new} 或更小" if zh else f"{new} or less"
    else:
        span = f"{format_number(low)}–{format_number(high)}"
        to = f"{span} 之间的数（如 {new}）" if zh else f"a value in {span} (e.g. {new})"
    text = (
        f"{ctx.name(cell)}{where}由 {old} 改为 {to}"
        if zh
        else (f"{ctx.name(cell)}{where} from {old} to {to}")
    )
    if typo_kind == "swap":
        text += "（可能是相邻两位数字颠倒）" if zh else " (two adjacent digits swapped?)"
    elif typo_kind == "digit":
        text += "（可能是一位数字输错）" if zh else " (one digit mistyped?)"
    return text


def _message(
    ctx: Context, form: Form, group: Group, ranked: _Ranked, sheet: str | None, lower: bool
) -> str:
    """The hint in words: the changes, the typo that explains them, and why it ranks where it
    does (``lower``: a likelier set is listed before it)."""
    zh = ctx.lang == "zh"
    changes = ("，" if zh else ", ").join(
        _change_text(ctx, group, ranked.fix, cell, ranked.typos.get(cell), sheet)
        for cell in sorted(ranked.fix.values, key=group.cells.index)
    )
    text = ("将" if zh else "change ") + changes
    if ranked.shifted is not None:
        into, belongs = ranked.shifted
        moved = format_number(group.reported[into])
        text = (
            f"{ctx.name(into)}的 {moved} 可能应填在相邻的{ctx.name(belongs)}：{text}"
            if zh
            else f"the {moved} in {ctx.name(into)} may belong in the neighbouring "
            f"{ctx.name(belongs)}: {text}"
        )
    if not ranked.broken:
        return text + ("；其他现在成立的规则仍然成立" if zh else "; no rule that holds now breaks")
    ids = list(dict.fromkeys(f.rule for f in ranked.broken))
    title = form.rule(ids[0]).title.get(ctx.lang)
    named = f"{'、'.join(ids)}「{title}」" if zh else f"{', '.join(ids)} (“{title}”)"
    if zh:
        return text + f"；但这会使现在成立的 {named}不再成立" + ("，故排序靠后" if lower else "")
    return (
        text
        + f"; but this breaks {named}, which holds now"
        + (", so it ranks lower" if lower else "")
    )


def _note(search: Search, rules: list[str], lang: Lang, time_limit: float, max_sets: int) -> str:
    """What a report says about a search that did not list every smallest set."""
    zh = lang == "zh"
    named = ("、" if zh else ", ").join(rules)
    if search == "unproven":
        return (
            f"错误定位在 {time_limit:g} 秒时限内未完成（{named}）：所列改法未证明是改动最少的"
            if zh
            else f"error localisation stopped at its time limit of {time_limit:g} s ({named}): "
            "the changes listed are not proven to be the fewest"
        )
    if search == "partial":
        return (
            f"错误定位在 {time_limit:g} 秒时限内未完成（{named}）：所列改法改动最少，"
            "但可能还有同样少的其他改法"
            if zh
            else f"error localisation stopped at its time limit of {time_limit:g} s ({named}): "
            "the changes listed are the fewest, but others as few may exist"
        )
    return (
        f"错误定位：{named} 涉及的单元格有多于 {max_sets} 种改动最少的改法，只列出 {max_sets} 种"
        if zh
        else f"error localisation: the cells of {named} have more than {max_sets} smallest sets "
        f"of changes; {max_sets} are listed"
    )


def add_hints(
    table: FilledTable,
    findings: list[Finding],
    lang: Lang = "zh",
    form: Form | None = None,
    *,
    time_limit: float | None = None,
    max_sets: int | None = None,
) -> tuple[list[Finding], list[str]]:
    """``findings`` (those of :func:`govstat.engine.check` on ``table``) with hints under each
    error finding, and the notes to add to the report when the search stopped early or listed
    only some sets. The table is never changed."""
    form = form or get_form(table.form)
    if not any(f.checkable and f.severity is Severity.error for f in findings):
        return findings, []
    time_limit = TIME_LIMIT if time_limit is None else time_limit
    max_sets = MAX_SETS if max_sets is None else max_sets
    ctx = Context(form, table.values, lang, table.metadata, table.previous)
    before = {_key(f) for f in findings if f.checkable}
    holding = _holding(form, ctx)
    out = list(findings)
    notes: list[str] = []
    for located in locate(table, form, time_limit=time_limit, max_sets=max_sets):
        ranked = _rank(table, form, located, before, holding, lang)
        search = "capped" if len(ranked) > max_sets else located.search
        if search != "complete":
            notes.append(_note(search, located.group.rule_ids(), lang, time_limit, max_sets))
        hints = [
            Hint(
                kind=r.kind,
                changes=[_change(ctx, located.group, r.fix, c) for c in _in_order(located, r)],
                rank=n,
                weight=r.weight,
                message=_message(
                    ctx, form, located.group, r, table.sheet, r.weight > ranked[0].weight
                ),
            )
            for n, r in enumerate(ranked[:max_sets], start=1)
        ]
        if not hints:
            continue
        cells = set(located.group.cells)
        for i, finding in enumerate(out):
            if (
                finding.checkable
                and finding.severity is Severity.error
                and cells & {c.indicator for c in finding.cells}
            ):
                out[i] = finding.model_copy(update={"hints": [*finding.hints, *hints]})
    return out, notes


def _in_order(located: Located, ranked: _Ranked) -> Iterable[str]:
    return sorted(ranked.fix.values, key=located.group.cells.index)


def _change(ctx: Context, group: Group, fix: Fix, cell: str) -> Change:
    involved = ctx.involved(cell)
    return Change(
        indicator=cell,
        label=involved.label,
        column=involved.column,
        cell=involved.cell,
        reported=group.reported[cell],
        suggested=fix.values[cell],
    )
