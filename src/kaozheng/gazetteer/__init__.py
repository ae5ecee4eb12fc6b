"""Historical gazetteer: PRC units of 1949-1955 and the foreign states documents name.

>>> g = default_gazetteer()
>>> g.ancestors("tonghua")
['liaodong', 'northeast', 'china']
>>> [(m.place_id, m.surface) for m in g.find_mentions("Guizhou's population; 西 南 局")]
[('guizhou', 'Guizhou'), ('southwest', '西 南')]

Data: ``data/prc-1949-1955.csv`` (the project's reference file, unchanged) and
``data/supplement.csv`` (cities and foreign states it lacks); see
``data/SOURCES.md``. User CSVs with the same columns load after them, and a row
whose id is already known replaces the earlier row.

Matching rules of :meth:`Gazetteer.find_mentions`:

- Names: ``name_en``, its form without the bracketed part ("Rehe" from
  "Rehe (Jehol)"), every alias, ``name_zh_hans`` and ``name_zh_hant``. When two
  places share a name, an exact ``name_en``/Chinese name beats an alias, which
  beats a bracket-less form; on a tie the later-loaded row wins.
- English: whole words only (no letter or digit on either side, so
  "Guizhou's" gives Guizhou and "Korean" gives nothing), case-sensitive as
  written, with one exception: in a name of two or more words, a compass word
  ("north", "Northern", "central", "south-central"...) may also be written in
  lower case, so "northern Jiangsu", "east China" and "central south" match,
  while a lone lower-case "northeast" or "southwest" (a direction) does not.
  Between words any run of whitespace (line breaks too) is accepted;
  apostrophes may be straight or curly.
- Chinese: any run of whitespace (with at most one line break) may
  stand between any two characters (OCR: "贵 州 省"); the mention's span
  covers them. One-character names (黔, 川, 沪) are never matched.
- Longest match wins, leftmost first; mentions never overlap.
- A few compounds in which a name is an ordinary word or another place are
  skipped: 中南海, 中南半岛, 印度支那, 朝鲜族, 中华苏维埃, 集中南 (for 中南), 东北风,
  "Northeast Asia", "East China Sea", "Chinese Soviet" (see ``_BLOCKED``); the
  bare alias 平原 ("plain") is never matched, only 平原省 (``_COMMON_WORDS``).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["Place", "Mention", "Gazetteer", "default_gazetteer", "BUNDLED"]

DATA = Path(__file__).parent / "data"
BUNDLED = (DATA / "prc-1949-1955.csv", DATA / "supplement.csv")
REQUIRED = ("id", "type", "name_en")
COLUMNS = ("id", "type", "name_en", "name_zh_hans", "name_zh_hant", "aliases", "parent",
           "valid_from", "valid_to", "population_1953", "population_source", "notes")


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    type: str
    name_en: str
    name_zh_hans: str = ""
    name_zh_hant: str = ""
    aliases: tuple[str, ...] = ()
    parent: str = ""
    valid_from: int | None = None
    valid_to: int | None = None
    population_1953: int | None = None
    population_source: str = ""
    notes: str = ""


@dataclass(frozen=True, slots=True, order=True)
class Mention:
    """A place name in a text: ``text[start:end] == surface`` (end exclusive)."""

    start: int
    end: int
    place_id: str
    surface: str


# --- name patterns ---------------------------------------------------------

_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# Between two Chinese characters: spaces, at most one line break.
_ZH_GAP = r"[^\S\n]*(?:\n[^\S\n]*)?"
_COMPASS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "northeast", "northwest", "southeast", "southwest", "north-east", "north-west",
    "south-east", "south-west", "northeastern", "northwestern", "southeastern",
    "southwestern", "central", "south-central", "central-south", "middle",
}
_APOS = "'\u2019\u02bc\u2018"
_HYPH = "-\u2010\u2011"

# Aliases that are ordinary words far more often than place names: never matched
# bare (平原 "plain"; Pingyuan province is still found as 平原省).
_COMMON_WORDS = {"平原"}

# Compounds in which the [bracketed] name is not a place (or not that place).
_BLOCKED = (
    "[中南]海", "[中南]半岛", "[中南]半島", "[中南]美", "[印度]支那", "[朝鲜]族", "[朝鮮]族",
    "中华[苏维埃]", "中華[蘇維埃]", "工农[苏维埃]", "工農[蘇維埃]",
    "集[中南]", "之[中南]", "其[中南]", "[中南]部",
    "[东北]风", "[東北]風", "[西北]风", "[西北]風", "[西南]风", "[西南]風",
    "[Northeast] Asia", "[North-East] Asia", "[Northeast] Pacific", "[Northwest] Pacific",
    "[Southwest] Pacific", "[Southwest] Asia", "[Northwest] Frontier", "[East China] Sea",
    "Chinese [Soviet]", "[Central South] America",
)


def _is_zh(name: str) -> bool:
    return bool(_HAN.search(name))


def _strip_brackets(name: str) -> str:
    return " ".join(re.sub(r"\([^)]*\)", " ", name).split())


def _en_key(s: str) -> str:
    """Normal form of an English surface: single spaces, straight apostrophe, ASCII hyphen."""
    s = " ".join(s.split())
    s = re.sub(f"[{_APOS}]", "'", s)
    return re.sub(f"[{_HYPH}]", "-", s)


def _zh_key(s: str) -> str:
    return "".join(s.split())


def _en_variants(name: str) -> list[str]:
    """The written form, plus lower-case compass words in multiword names."""
    words = name.split(" ")
    if len(words) < 2:
        return [name]
    out = [""]
    for w in words:
        forms = {w}
        if w.lower() in _COMPASS:
            forms.add(w[0].lower() + w[1:])
            forms.add(w[0].upper() + w[1:])
        out = [f"{o} {f}" if o else f for o in out for f in sorted(forms)]
    return out


def _en_atom(ch: str) -> str:
    if ch == " ":
        return r"\s+"
    if ch == "'":
        return f"[{_APOS}]"
    if ch == "-":
        return f"[{_HYPH}]"
    return re.escape(ch)


def _zh_atom(ch: str) -> str:
    return re.escape(ch)


def _trie_regex(words: Iterable[str], atom, gap: str = "") -> str:
    """One regex matching any of ``words``, longest first, as a prefix trie."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict, first: bool) -> str:
        end = "" in node
        kids = [k for k in node if k != ""]
        if not kids:
            return ""
        alts = [atom(k) + build(node[k], False) for k in sorted(kids)]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if not first:
            body = gap + body
        if end:
            return "(?:" + body + ")?"
        return body

    return build(trie, True)


class Gazetteer:
    """Places by id, their hierarchy, 1953 populations, and name matching."""

    def __init__(self, places: Iterable[Place] = ()):
        self._places: dict[str, Place] = {}
        for p in places:
            self._places[p.id] = p
        self._matcher = None

    # --- loading -----------------------------------------------------------

    @classmethod
    def load(cls, paths: Iterable[str | Path] | None = None, *, bundled: bool = True) -> "Gazetteer":
        """The bundled CSVs (unless ``bundled=False``), then each of ``paths``.

        A row whose id was loaded before replaces the earlier row. Raises
        ValueError naming file and line for missing columns, empty or duplicate
        ids within one file, bad years or populations, and unknown parents.
        """
        files = [*(BUNDLED if bundled else ()), *(Path(p) for p in (paths or ()))]
        places: dict[str, Place] = {}
        where: dict[str, str] = {}
        for path in files:
            for line, place in _read_csv(Path(path)):
                places[place.id] = place
                where[place.id] = f"{path}, line {line}"
        for pid, p in places.items():
            if p.parent and p.parent not in places:
                raise ValueError(f"{where[pid]}: parent {p.parent!r} of {pid!r} is not a known id")
        g = cls(places.values())
        g.ancestors_all()  # raises on a cycle
        return g

    # --- lookup ------------------------------------------------------------

    def get(self, pid: str, default: Place | None = None) -> Place | None:
        return self._places.get(pid, default)

    def __getitem__(self, pid: str) -> Place:
        return self._places[pid]

    def __contains__(self, pid: object) -> bool:
        return pid in self._places

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def parent(self, pid: str) -> Place | None:
        p = self._places[pid].parent
        return self._places[p] if p else None

    def ancestors(self, pid: str) -> list[str]:
        """Ids of the containing units, nearest first, up to ``china`` (empty for foreign states)."""
        out: list[str] = []
        p = self._places[pid].parent
        while p:
            if p in out or p == pid:
                raise ValueError(f"parent cycle at {pid!r}: {out + [p]}")
            out.append(p)
            p = self._places[p].parent
        return out

    def ancestors_all(self) -> dict[str, list[str]]:
        return {pid: self.ancestors(pid) for pid in self._places}

    def is_within(self, pid: str, ancestor_id: str) -> bool:
        """True if ``ancestor_id`` contains ``pid`` or is ``pid`` itself; False for unknown ids."""
        if pid not in self._places:
            return False
        return pid == ancestor_id or ancestor_id in self.ancestors(pid)

    def population(self, pid: str) -> tuple[int, str] | None:
        """(1953 census figure, its source) or None where the data has none."""
        p = self._places[pid]
        if p.population_1953 is None:
            return None
        return p.population_1953, p.population_source

    # --- mentions ----------------------------------------------------------

    def find_mentions(self, text: str, start: int = 0, end: int | None = None) -> list[Mention]:
        """Place names in ``text[start:end]``, offsets into ``text``, sorted, non-overlapping."""
        m = self._matcher or self._build_matcher()
        end = len(text) if end is None else min(end, len(text))
        found: list[Mention] = []
        blocked = m["blocked"]
        for pattern, lookup, key, check_left in ((m["en"], m["en_ids"], _en_key, True),
                                                  (m["zh"], m["zh_ids"], _zh_key, False)):
            if pattern is None:
                continue
            pos = start
            while True:
                hit = pattern.search(text, pos, end)
                if hit is None:
                    break
                s, e = hit.span()
                if check_left and s > 0 and (text[s - 1].isalnum() or text[s - 1] == "_"):
                    pos = s + 1
                    continue
                k = key(hit.group())
                if k in blocked and any(
                        (before is None or before.search(text, max(0, s - 16), s))
                        and (after is None or after.match(text, e))
                        for before, after in blocked[k]):
                    pos = e
                    continue
                pid = lookup.get(k)
                if pid is not None:
                    found.append(Mention(s, e, pid, hit.group()))
                pos = e
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        out: list[Mention] = []
        for x in found:
            if not out or x.start >= out[-1].end:
                out.append(x)
        return out

    def _build_matcher(self) -> dict:
        # rank: 0 = name_en / Chinese official names, 1 = alias, 2 = bracket-less name_en
        en: dict[str, tuple[int, int, str]] = {}
        zh: dict[str, tuple[int, int, str]] = {}
        for order, p in enumerate(self._places.values()):
            names = [(0, p.name_en), (0, p.name_zh_hans), (0, p.name_zh_hant)]
            names += [(1, a) for a in p.aliases]
            bare = _strip_brackets(p.name_en)
            if bare and bare != p.name_en:
                names.append((2, bare))
            for rank, name in names:
                name = name.strip()
                if not name:
                    continue
                if _is_zh(name):
                    k = _zh_key(name)
                    if len(k) < 2 or k in _COMMON_WORDS:
                        continue
                    table, keys = zh, [k]
                else:
                    table, keys = en, [_en_key(v) for v in _en_variants(_en_key(name))]
                for k in keys:
                    cur = table.get(k)
                    # lower rank wins; on equal rank the later row wins
                    if cur is None or (rank, -order) <= (cur[0], -cur[1]):
                        table[k] = (rank, order, p.id)
        en_ids = {k: v[2] for k, v in en.items()}
        zh_ids = {k: v[2] for k, v in zh.items()}
        en_re = _trie_regex(en_ids, _en_atom)
        zh_re = _trie_regex(zh_ids, _zh_atom, _ZH_GAP)
        blocked: dict[str, list[tuple[re.Pattern | None, re.Pattern | None]]] = {}
        for b in _BLOCKED:
            pre, rest = b.split("[", 1)
            mid, post = rest.split("]", 1)
            if _is_zh(b):
                conv = lambda s: _ZH_GAP.join(re.escape(c) for c in s)  # noqa: E731
                before = re.compile(conv(pre) + _ZH_GAP + r"\Z") if pre else None
                after = re.compile(_ZH_GAP + conv(post)) if post else None
                k = _zh_key(mid)
            else:
                conv = lambda s: "".join(_en_atom(c) for c in s)  # noqa: E731
                before = re.compile(conv(pre) + r"\Z") if pre else None
                after = re.compile(conv(post)) if post else None
                k = _en_key(mid)
            blocked.setdefault(k, []).append((before, after))
        self._matcher = {
            "en": re.compile(f"(?:{en_re})(?![\\w])") if en_ids else None,
            "zh": re.compile(zh_re) if zh_ids else None,
            "en_ids": en_ids,
            "zh_ids": zh_ids,
            "blocked": blocked,
        }
        return self._matcher


def _int(value: str, what: str, where: str, lo: int | None = None, hi: int | None = None) -> int | None:
    v = value.strip().replace(",", "").replace("_", "")
    if not v:
        return None
    if not v.isdigit():
        raise ValueError(f"{where}: {what} must be a whole number, got {value!r}")
    n = int(v)
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        raise ValueError(f"{where}: {what} {n} is out of range {lo}-{hi}")
    return n


def _read_csv(path: Path) -> Iterator[tuple[int, Place]]:
    try:
        f = path.open(encoding="utf-8-sig", newline="")
    except OSError as e:
        raise ValueError(f"{path}: cannot read gazetteer CSV: {e}") from e
    with f:
        reader = csv.DictReader(f)
        header = [h.strip() for h in (reader.fieldnames or [])]
        missing = [c for c in REQUIRED if c not in header]
        if missing:
            raise ValueError(f"{path}, line 1: missing required column(s) {', '.join(missing)}"
                             f" (has: {', '.join(header) or 'nothing'})")
        reader.fieldnames = header
        seen: dict[str, int] = {}
        last = reader.line_num
        for row in reader:
            line, last = last + 1, reader.line_num
            where = f"{path}, line {line}"
            if None in row:
                raise ValueError(f"{where}: more fields than columns")
            get = lambda c: (row.get(c) or "").strip()  # noqa: E731
            pid = get("id")
            if not pid:
                if not any((v or "").strip() for v in row.values()):
                    continue
                raise ValueError(f"{where}: empty id")
            if pid in seen:
                raise ValueError(f"{where}: id {pid!r} already on line {seen[pid]} of this file")
            seen[pid] = line
            if not get("type") or not get("name_en"):
                raise ValueError(f"{where}: {pid!r} needs a type and a name_en")
            yield line, Place(
                id=pid, type=get("type"), name_en=get("name_en"),
                name_zh_hans=get("name_zh_hans"), name_zh_hant=get("name_zh_hant"),
                aliases=tuple(a.strip() for a in get("aliases").split("|") if a.strip()),
                parent=get("parent"),
                valid_from=_int(get("valid_from"), "valid_from", where, 1, 2100),
                valid_to=_int(get("valid_to"), "valid_to", where, 1, 2100),
                population_1953=_int(get("population_1953"), "population_1953", where, 0),
                population_source=get("population_source"), notes=get("notes"),
            )


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once."""
    return Gazetteer.load()
