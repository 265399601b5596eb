"""The event registry: every kind emitted is declared once, and an unknown kind redraws all."""

from __future__ import annotations

import ast
import logging
from pathlib import Path

import pytest
from django.urls import reverse

from maps import events, fragments, live
from maps.event_text import undescribed as undescribed_text
from maps.events import EVENT_KINDS, SUBJECTS, WHOLE_MAP, Category
from maps.item_kinds import ITEM_KINDS
from maps.models import MapEvent
from maps.undo import WAYS

ROOT = Path(__file__).resolve().parents[2]
APPS = ["maps", "workspaces", "personas", "journeymap"]
# Where a MapEvent is made: the change path, its recorder, and the model itself.
EMITTERS = {"map_change", "_record", "MapEvent"}
# An undo writes the kind its way names for the subject taken back (``maps.undo.WAYS``).
UNDONE_AS = sorted(
    {WAYS[kind.undo].kind(kind.subject) for kind in EVENT_KINDS.values() if kind.undo in WAYS}
)
# Interpolations whose values come from a table rather than from the code around them
# (a trashed item's kind is an item kind; an undo's kind, its way's).
ENUMERATED = {
    "kind.name": sorted(ITEM_KINDS),
    "trashed.kind": sorted(ITEM_KINDS),
    "way.kind(subject)": UNDONE_AS,
}


class Unresolved(Exception):
    pass


class Module:
    def __init__(self, path: Path, source: str | None = None):
        self.path = path
        source = path.read_text() if source is None else source
        self.tree = ast.parse(source, filename=str(path))
        self.parents: dict[ast.AST, ast.AST] = {}
        for node in ast.walk(self.tree):
            for child in ast.iter_child_nodes(node):
                self.parents[child] = node

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(ROOT)}:{node.lineno}"

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parents:
            node = self.parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return node
        return None


def call_name(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def creates_map_events(call: ast.Call) -> bool:
    """``MapEvent.objects.create(...)`` and its kin."""
    func = call.func
    return (
        isinstance(func, ast.Attribute)
        and func.attr in {"create", "get_or_create", "update_or_create"}
        and isinstance(func.value, ast.Attribute)
        and isinstance(func.value.value, ast.Name)
        and func.value.value.id == "MapEvent"
    )


class Scan:
    """Every event kind the code can emit, found by reading it."""

    def __init__(self, modules: list[Module]):
        self.modules = modules
        self.kinds: dict[str, str] = {}  # kind -> where it is emitted
        self.unresolved: list[str] = []

    def run(self) -> Scan:
        for module in self.modules:
            for call in (n for n in ast.walk(module.tree) if isinstance(n, ast.Call)):
                if call_name(call) in EMITTERS or creates_map_events(call):
                    self.emission(module, call)
        return self

    def emission(self, module: Module, call: ast.Call) -> None:
        values = [k.value for k in call.keywords if k.arg == "kind"]
        for keyword in call.keywords:
            if keyword.arg == "defaults" and isinstance(keyword.value, ast.Dict):
                pairs = zip(keyword.value.keys, keyword.value.values, strict=True)
                values += [v for k, v in pairs if isinstance(k, ast.Constant) and k.value == "kind"]
        for value in values:
            try:
                for kind in self.strings(module, value):
                    self.kinds.setdefault(kind, module.where(call))
            except Unresolved as refused:
                self.unresolved.append(f"{module.where(call)}: {refused}")

    def strings(self, module: Module, node: ast.expr) -> set[str]:
        """The strings an expression can be, or ``Unresolved``."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return self.strings(module, node.body) | self.strings(module, node.orelse)
        if isinstance(node, ast.JoinedStr):
            return self.f_string(module, node)
        if isinstance(node, ast.Name):
            return self.name(module, node)
        source = ast.unparse(node)
        if source in ENUMERATED:
            return set(ENUMERATED[source])
        raise Unresolved(f"cannot tell which kinds {source!r} is")

    def f_string(self, module: Module, node: ast.JoinedStr) -> set[str]:
        results = {""}
        for piece in node.values:
            if isinstance(piece, ast.FormattedValue):
                values = self.strings(module, piece.value)
            else:
                values = {piece.value}
            results = {start + value for start in results for value in values}
        return results

    def name(self, module: Module, node: ast.Name) -> set[str]:
        """A variable: assigned in its function or module, or a parameter of its function."""
        function = module.function_of(node)
        if function is not None:
            assigned = _assigned(ast.walk(function), node.id)
            if assigned:
                return set().union(*(self.strings(module, value) for value in assigned))
            if node.id in [a.arg for a in _parameters(function)]:
                return self.arguments(function, node.id)
        assigned = _assigned(module.tree.body, node.id)
        if assigned:
            return set().union(*(self.strings(module, value) for value in assigned))
        raise Unresolved(f"cannot tell which kinds {node.id!r} is")

    def arguments(self, function: ast.FunctionDef, parameter: str) -> set[str]:
        """What the function's callers pass for one parameter."""
        if function.name in EMITTERS:
            return set()  # its own callers are emissions, read as such
        index = [a.arg for a in _parameters(function)].index(parameter)
        found: set[str] = set()
        calls = 0
        for module in self.modules:
            for call in (n for n in ast.walk(module.tree) if isinstance(n, ast.Call)):
                if call_name(call) != function.name:
                    continue
                values = [k.value for k in call.keywords if k.arg == parameter]
                if not values and index < len(call.args):
                    values = [call.args[index]]
                for value in values:
                    calls += 1
                    found |= self.strings(module, value)
        if not calls:
            raise Unresolved(f"nothing calls {function.name}() with {parameter!r}")
        return found


def _assigned(nodes, name: str) -> list[ast.expr]:
    return [
        node.value
        for node in nodes
        if isinstance(node, ast.Assign)
        and any(isinstance(target, ast.Name) and target.id == name for target in node.targets)
    ]


def _parameters(function: ast.FunctionDef) -> list[ast.arg]:
    args = function.args
    return [*args.posonlyargs, *args.args, *args.kwonlyargs]


def app_modules() -> list[Module]:
    return [Module(path) for app in APPS for path in sorted((ROOT / app).rglob("*.py"))]


@pytest.fixture(scope="module")
def scan() -> Scan:
    return Scan(app_modules()).run()


def test_every_kind_the_code_emits_is_read_to_the_end(scan):
    assert scan.unresolved == []


def test_every_kind_the_code_emits_is_declared(scan):
    undeclared = {kind: where for kind, where in scan.kinds.items() if kind not in EVENT_KINDS}
    assert undeclared == {}


def test_every_declared_kind_is_emitted_somewhere(scan):
    assert set(EVENT_KINDS) - set(scan.kinds) == set()


EXAMPLE = """
SAVED = "note.saved"

def lock(locked):
    kind = "note.locked" if locked else "note.unlocked"
    with map_change(kind=kind):
        pass

def _tick(user, verb):
    with map_change(kind=f"clock.{verb}"):
        pass

def start(user):
    _tick(user, "started")
    _tick(user, verb="stopped")

def items(kind):
    with map_change(kind=f"{kind.name}.created"):
        MapEvent.objects.create(kind=SAVED)
    MapEvent.objects.get_or_create(defaults={"kind": "note.imported"})
"""


def test_the_scan_follows_each_way_a_kind_is_written():
    scan = Scan([Module(ROOT / "maps" / "example.py", EXAMPLE)]).run()
    assert scan.unresolved == []
    assert set(scan.kinds) == {
        "note.saved",
        "note.locked",
        "note.unlocked",
        "clock.started",
        "clock.stopped",
        *(f"{name}.created" for name in ITEM_KINDS),
        "note.imported",
    }


def test_the_scan_refuses_a_kind_it_cannot_read():
    source = "def change(data):\n    with map_change(kind=data['kind']):\n        pass\n"
    module = Module(ROOT / "maps" / "example.py", source)
    assert Scan([module]).run().unresolved == [
        "maps/example.py:2: cannot tell which kinds \"data['kind']\" is"
    ]


def test_every_kind_has_a_subject_label_and_a_category():
    assert {kind.subject for kind in EVENT_KINDS.values()} == set(SUBJECTS)
    assert {kind.category for kind in EVENT_KINDS.values()} == set(Category)
    assert all(kind.label and kind.name.count(".") == 1 for kind in EVENT_KINDS.values())


def test_every_kind_says_how_it_reads_and_how_it_is_undone():
    undescribed = [name for name, kind in EVENT_KINDS.items() if kind.describe is undescribed_text]
    assert undescribed == []
    # An inverse, or the reason there is none: never both, never neither.
    unsure = [name for name, kind in EVENT_KINDS.items() if bool(kind.undo) == bool(kind.no_undo)]
    assert unsure == []


def test_the_kinds_that_can_revoke_access():
    revoking = {name for name, kind in EVENT_KINDS.items() if kind.revokes_access}
    assert revoking == {
        "workshop.link_renewed",
        "workshop.ended",
        "workshop.guests_revoked",
        "admin.changed",
    }


def test_labels_are_translated():
    from django.utils import translation

    with translation.override("fr"):
        assert str(events.kind_of("card.moved").label) == "Post-it déplacé"
        assert str(Category.FACILITATION.label) == "Animation"


# An unknown kind -------------------------------------------------------------------


def test_an_unknown_kind_redraws_the_whole_map_and_rechecks_access(caplog):
    with caplog.at_level(logging.WARNING, logger="maps.events"):
        kind = events.kind_of("kite.flown")
        assert events.kind_of("kite.flown") is kind
    assert kind.parts({}) == WHOLE_MAP
    assert kind.revokes_access
    assert kind.label == "kite.flown"
    # Logged once, however often the kind is asked for.
    assert [r.getMessage() for r in caplog.records] == [
        "Unknown event kind 'kite.flown': taken as a change of anything."
    ]


@pytest.mark.django_db
def test_a_tab_that_missed_an_unknown_kind_gets_the_whole_map(journey_map):
    journey_map.revision += 1
    journey_map.save(update_fields=["revision"])
    event = MapEvent.objects.create(
        journey_map=journey_map, revision=journey_map.revision, kind="ribbon.cut"
    )
    assert fragments.parts_of(event) == WHOLE_MAP
    missed = live.catch_up(journey_map, since=journey_map.revision - 1)
    assert missed["html"] == fragments.render_parts(journey_map, WHOLE_MAP)
    assert 'id="map-grid"' in missed["html"]


# The admin -------------------------------------------------------------------------


@pytest.fixture
def logged_events(journey_map, owner):
    def log(kind: str) -> MapEvent:
        journey_map.revision += 1
        journey_map.save(update_fields=["revision"])
        return MapEvent.objects.create(
            journey_map=journey_map, revision=journey_map.revision, kind=kind, actor=owner
        )

    return [log(kind) for kind in ("card.moved", "timer.paused", "workshop.guests_revoked")]


def test_the_admin_lists_events_by_their_label(admin_client, logged_events):
    page = admin_client.get(reverse("admin:maps_mapevent_changelist"))
    assert page.status_code == 200
    text = page.content.decode()
    # The admin speaks French, like the app.
    assert "Post-it déplacé" in text and "Minuteur en pause" in text
    assert "Tous les invités révoqués" in text


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"subject": "timer"}, ["timer.paused"]),
        ({"subject": "workshop"}, ["workshop.guests_revoked"]),
        ({"category": "content"}, ["card.moved"]),
        ({"category": "facilitation"}, ["timer.paused"]),
        ({"category": "access"}, ["workshop.guests_revoked"]),
        ({"category": "votes"}, []),
    ],
)
def test_the_admin_filters_events_by_subject_and_category(
    admin_client, logged_events, query, shown
):
    page = admin_client.get(reverse("admin:maps_mapevent_changelist"), query)
    assert page.status_code == 200
    listed = page.context["cl"].result_list
    assert sorted(event.kind for event in listed) == shown


def test_every_declared_way_of_undoing_exists():
    assert {kind.undo for kind in EVENT_KINDS.values() if kind.undo} - set(WAYS) == set()
