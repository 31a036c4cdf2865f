"""The catalogue of problem types: every kind of problem a reader, check, connector or command can
report, declared once with its stable code, its severity, the template of its message and a line
for maintainers saying what is wrong and what would be right.

A problem is made only from an entry here (`Report.add` refuses anything else), so the codes that
data, tests and the review log rely on cannot drift, and the README's list of problems is generated
from this module (`python -m loaders problems --markdown`). The codes are the kebab-case names the
project used before the catalogue existed; a new kind of problem is a new entry, never a reused
code with another meaning.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from loaders.model.records import Problem, Severity


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: `code` (stable, kebab-case), `severity` (an error leaves the row or
    file out; a warning keeps it), `template` (the message, `str.format` fields named in braces)
    and `description` (one line for maintainers: what is wrong and what would be right)."""

    code: str
    severity: Severity
    template: str
    description: str

    @property
    def fields(self) -> tuple[str, ...]:
        """The names the template needs, in order of first use."""
        names = [name for _, name, _, _ in string.Formatter().parse(self.template) if name]
        return tuple(dict.fromkeys(names))

    def message(self, /, **fields: object) -> str:
        """The template filled in; every field it names must be given, and no other."""
        missing = set(self.fields) - set(fields)
        extra = set(fields) - set(self.fields)
        if missing or extra:
            raise TypeError(
                f"problem {self.code!r} takes the fields {', '.join(self.fields) or '(none)'};"
                f" missing {sorted(missing)}, unexpected {sorted(extra)}"
            )
        return self.template.format(**fields)

    def at(self, path: str, line: int, field: str, /, **fields: object) -> Problem:
        """The problem record at `path`, `line` and `field`, its message from `fields`."""
        return Problem(
            path=path,
            line=line,
            field=field,
            code=self.code,
            message=self.message(**fields),
            severity=self.severity,
        )


def hint(suggestion: str | None) -> str:
    """The '; did you mean X?' a template's `hint` field takes (empty without a suggestion)."""
    return f"; did you mean {suggestion!r}?" if suggestion else ""


E, W = Severity.error, Severity.warning

# Files: reading them at all.
MISSING_FOLDER = ProblemType(
    "missing-folder",
    E,
    "no such {what}",
    "The data folder (or $SITUATIONS) does not exist: give one made with `python -m loaders init`.",
)
INVALID_SITUATION_NAME = ProblemType(
    "invalid-situation-name",
    E,
    "a situation's folder name has only letters, digits, '-' and '_'; left out",
    "A folder of $SITUATIONS has a name an address cannot carry: rename it.",
)
NO_FOLDER = ProblemType(
    "no-folder",
    E,
    "{reason}",
    "No data folder was chosen or found: set SITUATION_DATA or pass --data FOLDER.",
)
LOAD_FAILED = ProblemType(
    "load-failed",
    E,
    "the data could not be {action}; see the log",
    "Building or reading the store failed unexpectedly: the server log has the cause.",
)
MISSING_FILE = ProblemType(
    "missing-file",
    E,
    "{reason}",
    "A file the folder needs, or one a row names, is not there: add it or remove the row.",
)
OUTSIDE_FOLDER = ProblemType(
    "outside-folder",
    E,
    "a link to a file outside the data folder; not read",
    "A symbolic link points out of the data folder: copy the file in instead.",
)
UNREADABLE = ProblemType(
    "unreadable",
    E,
    "cannot read the file: {reason}",
    "The system refused to open or read the file: check its permissions.",
)
NOT_A_FILE = ProblemType(
    "not-a-file",
    E,
    "not a regular file (a pipe, device or folder); not read",
    "A data file name points at a pipe, device or folder: put a plain file there.",
)
TOO_LARGE = ProblemType(
    "too-large",
    E,
    "{size} is over the limit of {limit}; {advice}",
    "A file or table is larger than the readers accept: split it, or check it is the right one.",
)
UTF16 = ProblemType(
    "utf16",
    E,
    "the file is UTF-16 (as Excel's 'Unicode text' and some Windows editors save it);"
    " re-save it as UTF-8 (in Excel: 'CSV UTF-8')",
    "The file is in UTF-16: save it again as UTF-8.",
)
NOT_UTF8 = ProblemType(
    "not-utf8",
    E,
    "byte 0x{byte:02x} at column {column} is not valid UTF-8;"
    " re-save the file as UTF-8 (it may be Windows-1252 or Latin-1)",
    "A byte is not UTF-8 (often a Windows-1252 or Latin-1 file): save the file as UTF-8.",
)

# CSV tables: their shape.
INVALID_CSV = ProblemType(
    "invalid-csv",
    E,
    "cannot read {part} ({reason}){advice}",
    "The CSV cannot be parsed (an unclosed quote, an over-long cell): fix the row named.",
)
SEMICOLON_SEPARATED = ProblemType(
    "semicolon-separated",
    E,
    "the columns are separated by ';', not ','; save the file as CSV with commas (in Excel:"
    " 'CSV UTF-8 (comma delimited)')",
    "The table is separated by semicolons: save it as CSV with commas.",
)
EMPTY_TABLE = ProblemType(
    "empty-table",
    E,
    "the table is empty: it needs a header row",
    "The table has no header row: add the required columns' names.",
)
MISSING_COLUMN = ProblemType(
    "missing-column",
    E,
    "required column {column!r} is missing{detail}",
    "A required column is not in the header: add it (or fix its spelling).",
)
WRONG_CELL_COUNT = ProblemType(
    "wrong-cell-count",
    E,
    "{cells} cells where the header has {header}; check for an unquoted comma",
    "A row has more or fewer cells than the header: quote a cell that holds a comma.",
)
TOO_MANY_ROWS = ProblemType(
    "too-many-rows",
    E,
    "{count} {things}; the first {limit} are read ({why}): {advice}",
    "A file lists more rows than are read: keep the ones this situation needs.",
)
DUPLICATE_ROW = ProblemType(
    "duplicate-row",
    E,
    "{what}; {advice}",
    "A row, id or name is given twice: keep one (the later one is left out).",
)

# Values in rows.
INVALID_VALUE = ProblemType(
    "invalid-value",
    E,
    "{reason}",
    "A value its record does not accept (wrong type, out of its range, an unknown key): fix it.",
)
UNKNOWN_VALUE = ProblemType(
    "unknown-value",
    E,
    "unknown {what} {value!r}{hint} (allowed: {allowed})",
    "A value is not one of its column's allowed values: use one of those listed.",
)
UNKNOWN_FIELD = ProblemType(
    "unknown-field",
    E,
    "{name!r} cannot be corrected{hint} (fields: {fields})",
    "A correction names a field that corrections cannot change: use one of those listed.",
)
UNKNOWN_ID = ProblemType(
    "unknown-id",
    E,
    "no figure has id {id!r}{hint}",
    "A correction names a figure id no source has: copy the id from the Data page.",
)
CONFLICTING_CORRECTION = ProblemType(
    "conflicting-correction",
    E,
    "{id!r} is rejected on line {first}; a replace of a rejected figure has no effect:"
    " remove one of the two",
    "A figure is both rejected and corrected: keep one of the two corrections.",
)
INVALID_NUMBER = ProblemType(
    "invalid-number",
    E,
    "{value!r} is not {expected}{advice}",
    "A number column holds text: write digits only (11500000, not '11.5 million').",
)
NEGATIVE_VALUE = ProblemType(
    "negative-value",
    E,
    "{value:g} is negative",
    "A count or amount is below zero: give the number of people, things or money.",
)
RANGE_ORDER = ProblemType(
    "range-order",
    E,
    "value_max {high:g} is below value {low:g}; swap them",
    "A range's upper bound is below its lower bound: swap value and value_max.",
)
OUT_OF_RANGE = ProblemType(
    "out-of-range",
    E,
    "{value} is outside {low}..{high}; are latitude and longitude swapped?",
    "A coordinate is outside its range: check it, and the order of latitude and longitude.",
)
IMPLAUSIBLE_VALUE = ProblemType(
    "implausible-value",
    E,
    "{value} is more than any {indicator} figure can be (at most {limit});"
    " check the number and its unit",
    "A figure exceeds what its indicator can be (more people than live on Earth): check it.",
)
UNIT_MISMATCH = ProblemType(
    "unit-mismatch",
    E,
    "unit {unit!r} does not fit {indicator}: use {expected}{hint}",
    "A figure's unit is not its indicator's (vocabulary.yaml): use the unit named.",
)
MISSING_VALUE = ProblemType(
    "missing-value",
    E,
    "{column} is empty; write {expected}",
    "A required cell is empty: fill it.",
)
UNSOURCED = ProblemType(
    "unsourced",
    E,
    "no source: fill source_outlet or source_url (every figure needs one)",
    "A figure names no source: give its outlet or its address.",
)
NOT_A_URL = ProblemType(
    "not-a-url",
    E,
    "{value!r} is not a web address; write the full http:// or https:// address of the source",
    "A source address is not a web address: write the full http(s):// address.",
)
UNKNOWN_SOURCE = ProblemType(
    "unknown-source",
    E,
    "{reason}{hint}",
    "A row names a source that is not an article id, a URL or a declared source: fix the name.",
)
DUPLICATE_SOURCE = ProblemType(
    "duplicate-source",
    E,
    "an article has the id {id!r} too; a source id names one source: rename the table",
    "A table and an article share an id: rename the table.",
)

# Dates.
INVALID_DATE = ProblemType(
    "invalid-date",
    E,
    "{value!r} is not {what}{advice}",
    "A date is not written as YYYY-MM-DD: rewrite it.",
)
IMPOSSIBLE_DATE = ProblemType(
    "impossible-date",
    E,
    "{value!r} does not exist (check the day and month)",
    "A date has the right shape but no such day exists (2023-02-30): check day and month.",
)
FUTURE_DATE = ProblemType(
    "future-date",
    E,
    "{date} is in the future (today is {today})",
    "A date is after today: check the year and the order of day and month.",
)
EARLY_DATE = ProblemType(
    "early-date",
    E,
    "{date} is before {year}; check the year",
    "A date is before 1900, too early for a situation's data: check the year.",
)
NO_DATE = ProblemType(
    "no-date",
    E,
    "the article has no date: add a front-matter block (---, date: YYYY-MM-DD, ---),"
    " or a row for id {id!r} with a date in articles.csv",
    "An article has no date in its front matter nor in articles.csv: give it one.",
)
DATE_BEFORE_TEXT = ProblemType(
    "date-before-text",
    E,
    "dated {date}, years before every date its text writes out ({named}): an unknown"
    " date filled in? Its figures are left out until it has its real date (front matter"
    " `date:`, or its row in articles.csv)",
    "An article's date is more than two years before every full date its own text writes out"
    " (a placeholder such as 2000-01-01 written for an unknown date): its figures would be"
    " dated and read against the wrong day, so the article is left out until it is dated.",
)
PLACEHOLDER_DATE = ProblemType(
    "placeholder-date",
    E,
    "dated {date}, the value tools write for an unknown date, and its text names no date or"
    " year to confirm it: give the article's real date (front matter `date:`, or its row in"
    " articles.csv); its figures are left out until then",
    "An article is dated 1 January 1900, 1970 or 2000 (what tools write for an unknown date)"
    " and its text names neither that year nor any date: its figures would be shown on that"
    " day, so the article is left out until it has its real date.",
)
DATE_MISMATCH = ProblemType(
    "date-mismatch",
    W,
    "the file says {file_date}, articles.csv says {registry_date}; the file's date is used",
    "An article's file and its articles.csv row give different dates: make them agree.",
)
FAR_DATE = ProblemType(
    "far-date",
    W,
    "{date} is {distance} every other article of the situation ({first} to {last}): an unknown"
    " date filled in, or a wrong year? Its figures are left out of the default period; give the"
    " article's real date (front matter `date:`, or its row in articles.csv)",
    "An article's date is more than a year from every other article of the situation (a"
    " placeholder such as 2000-01-01 written for an unknown date, or a wrong year): give its"
    " real date.",
)

# Articles.
INVALID_FRONT_MATTER = ProblemType(
    "invalid-front-matter",
    E,
    "{reason}",
    "An article's front-matter block is not the YAML it should be: fix the block.",
)
EMPTY_ARTICLE = ProblemType(
    "empty-article",
    E,
    "the article has no text",
    "An article file holds no text after its front matter: add the text or remove the file.",
)

# Places and routes.
UNKNOWN_PLACE = ProblemType(
    "unknown-place",
    E,
    "{name!r} is not {known}{hint}{advice}",
    "A place name is not in the gazetteer (places.csv): add it, or fix the spelling.",
)
UNKNOWN_DATELINE = ProblemType(
    "unknown-dateline",
    W,
    "dateline place {name!r} is not in the gazetteer; add it to {file}"
    " so figures without a place in their sentence can be placed",
    "An article's dateline names a place the gazetteer lacks: add it, so its figures get a place.",
)
AMBIGUOUS_ALIAS = ProblemType(
    "ambiguous-alias",
    E,
    "{alias!r} already names place {owner!r}; one name must name one place",
    "Two places share a name or alias: keep the name on one of them.",
)
PARENT_CYCLE = ProblemType(
    "parent-cycle",
    E,
    "place {id!r} lies in itself through its parents: {chain}",
    "A place is its own ancestor through its `parent` column: break the cycle.",
)
INVALID_JSON = ProblemType(
    "invalid-json",
    E,
    "{reason}",
    "A JSON file cannot be parsed: fix the syntax at the line named.",
)
INVALID_GEOJSON = ProblemType(
    "invalid-geojson",
    E,
    "{reason}",
    "An outline file is not GeoJSON polygons: export the outlines as GeoJSON.",
)
INVALID_TOPOJSON = ProblemType(
    "invalid-topojson",
    E,
    "cannot read boundaries: {reason}",
    "A boundaries file is not the TopoJSON it should be: export it again.",
)
INVALID_COORDINATES = ProblemType(
    "invalid-coordinates",
    E,
    "each position must be [longitude, latitude] in degrees (longitude -180..180,"
    " latitude -90..90) and a line needs two; are longitude and latitude swapped?",
    "A route position is not [longitude, latitude] in degrees: fix or swap it.",
)
TOO_MANY_LINES = ProblemType(
    "too-many-lines",
    E,
    "{count} lines in one route; at most {limit}: join the pieces of a road into longer lines",
    "A route is made of too many separate lines: join the pieces.",
)
TOO_MANY_POINTS = ProblemType(
    "too-many-points",
    W,
    "{count} points{where}; the map draws {limit} of them, {how}"
    " (simplify the lines to keep the points that matter)",
    "Routes have more points than the map draws: simplify the lines.",
)
TOO_MANY_ROUTES = ProblemType(
    "too-many-routes",
    E,
    "{count} routes; the first {limit} are read and drawn (a map with more is unreadable and"
    " slow): keep the corridors that matter, or split the situation",
    "The routes file has more routes than are drawn: keep the corridors that matter.",
)

# Settings files.
INVALID_YAML = ProblemType(
    "invalid-yaml",
    E,
    "{reason}",
    "A settings file is not a YAML mapping: fix the syntax at the line named.",
)
INVALID_STATE = ProblemType(
    "invalid-state",
    E,
    "cannot read it ({error}); the next sync starts afresh and skips the articles already in"
    " the folder by their addresses",
    "The sync state file cannot be read: it is rebuilt by the next sync (nothing to do).",
)

# Sources that sync.
SYNC_FAILED = ProblemType(
    "sync-failed",
    E,
    "{reason}",
    "A source could not be fetched: the message says why (address, network, credentials).",
)
SYNC_ITEM = ProblemType(
    "sync-item",
    W,
    "{source}: {reason}",
    "One item of a source was left out of a sync: the message says why.",
)
SOURCE_FAILING = ProblemType(
    "source-failing",
    W,
    "the last sync failed: {error}",
    "A source's last sync failed: fix what the error names, then sync again.",
)
SOURCE_NEVER_SYNCED = ProblemType(
    "source-never-synced",
    W,
    "never synced; run `python -m loaders sync`",
    "A declared source has never been fetched: run `python -m loaders sync`.",
)
SOURCE_OVERDUE = ProblemType(
    "source-overdue",
    W,
    "overdue: last synced {last}, due {late} ago (every {every})",
    "A source was not synced on schedule: check that the sync job runs.",
)

#: Every problem type, in the order declared above.
CATALOGUE: tuple[ProblemType, ...] = tuple(
    value for value in list(globals().values()) if isinstance(value, ProblemType)
)

#: Each problem type by its code.
BY_CODE: dict[str, ProblemType] = {kind.code: kind for kind in CATALOGUE}


def markdown() -> str:
    """The catalogue as a Markdown table (code, severity, description): the README's list."""
    rows = ["| code | severity | what is wrong, and what would be right |", "|---|---|---|"]
    rows += [f"| `{k.code}` | {k.severity.value} | {k.description} |" for k in CATALOGUE]
    return "\n".join(rows) + "\n"
