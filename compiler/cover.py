"""The cover page of a Form 8-K, read by its captions and the shapes of its values.

Every 8-K filer prints the same cover: a date of report, the registrant's
name over "(Exact name of registrant as specified in its charter)", a row
of state, commission file number and I.R.S. number over their captions, an
address over "(Address of principal executive offices)", a telephone
number.  Filers differ in everything else: where a value stands relative to
its caption, wrapping, case, rules, role blocks, co-registrants, several
numbers in one column, placeholders for numbers not yet assigned.  A grammar
anchored only on value shapes cannot tell the registrant from the trust a
trustee files for, nor a street without a leading number from a heading;
the captions can.  So this reader finds the captions first and reads each
value from the place its caption gives it, falling back on shapes where a
filer printed no caption.

It works on the cover's `LogicalText` (lines kept, white space folded), so
every value keeps the line and column it was read at.  It returns the same
assertions and problems as a parsed sentence, and never raises.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Iterator

import attrs

from dealc.compiler.lazy import LazyPattern
from dealc.compiler.logical_text import LogicalText
from dealc.compiler.lower import Assertion, Key, Problem, Statement
from dealc.compiler.span import Span
from dealc.compiler.values import MONTHS, Value

_STATES = (
    "Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware"
    "|District of Columbia|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas"
    "|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi"
    "|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York"
    "|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island"
    "|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington"
    "|West Virginia|Wisconsin|Wyoming|Puerto Rico"
)
_POSTAL = (
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV"
    "|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR"
)
_MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")

# --- value shapes
FORM = re.compile(r"\bFORM[ \n]+(?P<form>8-K(?:/A)?)", re.IGNORECASE)
DATE = re.compile(r"\b(?P<month>[A-Za-z]{3,10})\.?[ \n]+(?P<day>\d{1,2})[ \n]*,[ \n]*"
                  r"(?P<year>(?:19|20)\d{2})\b")
PHONE = re.compile(r"(?<![\d-])\(?\d{3}\)?[ -]?\d{3}-\d{4}(?![\d-])")
IRS = re.compile(r"(?<![\d-])\d{2}-\d{7}(?![\d-])")
FILE_NUMBER = re.compile(r"(?<![\d,.$/-])\d{1,3}-\d{3,7}(?:-\d{1,3})?(?![\d-])")
ZIP = LazyPattern(r"(?<![\d-])\d{5}(?:-\d{4})?(?![\d-])")
PLACEHOLDER = re.compile(r"\b(?:Applied[ \n]+For|Pending|T/B/D|TBD|To[ \n]+Be[ \n]+Determined)\b"
                         r"|\(null\)", re.IGNORECASE)
STATE = re.compile(rf"(?:{_STATES}|United States)(?![A-Za-z])", re.IGNORECASE)
SERIES_NUMBER = r"(?:19|20)\d{2}-[ ]*(?:\n[ ]*)?[0-9A-Z]{1,6}(?![\w-])"
SERIES = (  # the deal's series, in order of preference
    re.compile(rf"\b(?:Series|SERIES)[ \n]*:?[ \n]*(?P<series>{SERIES_NUMBER})"),
    re.compile(rf"\b(?:Trust|TRUST)[ \n]+(?P<series>{SERIES_NUMBER})"),
    re.compile(rf"\b(?:Certificates|CERTIFICATES),?[ \n]+(?P<series>{SERIES_NUMBER})"),
)

# --- captions and labels
DATE_LABEL = re.compile(r"Date[ \n]+of[ \n]+Report", re.IGNORECASE)
EARLIEST = re.compile(r"\([ \n]*date[ \n]+of[ \n]+earliest[ \n]+event", re.IGNORECASE)
MONTH_OF = re.compile(r"For[ \n]+the[ \n]+Month[ \n]+of[ \n]+(?P<month>[A-Za-z]+),?[ \n]*"
                      r"(?P<year>(?:19|20)\d{2})\b", re.IGNORECASE)
ENTITY_CAPTION = re.compile(
    r"\(?[ \n]*Exact[ \n]+name[ \n]+of[ \n]+(?:the[ \n]+)?(?P<role>registrant|issuing[ \n]+entity"
    r"|depositor|sponsor|issuer)\b[^()]*?(?:charter|\))\)?", re.IGNORECASE)
FILE_LABEL = re.compile(r"Commission[ \n]+File[ \n]+(?:No|Number)s?\.?[ \n]*:?", re.IGNORECASE)
HEADER_END = re.compile(r"Act[ \n]+of[ \n]+1934|CURRENT[ \n]+REPORT|\bFORM[ \n]+8-K(?:/A)?",
                        re.IGNORECASE)
# "(Address of principal executive offices)"; wrapped, with "(Zip Code)" printed between.
ADDRESS_CAPTION = re.compile(r"\(?[ ]*Address(?:es)?[ \n]+of[ \n]+(?:the[ \n]+)?principal[ \n]+"
                             r"(?:\([^()\n]*\)[ ]*\n[ ]*)?executive[ \n]+office[a-z]*\)?[ ]*"
                             r"(?P<colon>:)?", re.IGNORECASE)
# How an address ends: ", Missouri 63141", ", MN", "Minneapolis,\nMinnesota 55437".
ADDRESS_END = re.compile(
    rf"(?:,[ \n]*|[ \n]+)(?P<state>(?:{_STATES})(?![A-Za-z])|(?:{_POSTAL})(?![A-Za-z])|D\.C\.)"
    rf"[ \n]*,?[ \n]*(?P<zip>(?<![\d-])\d{{5}}(?:-\d{{4}})?(?![\d-]))?[ \n,]*$", re.IGNORECASE)
STATE_LABEL = re.compile(r"(?:jurisdiction|state)[ \n]+of[ \n]+(?:incorporation|organization)"
                         r"[^:\n]{0,40}:[ ]*", re.IGNORECASE)
CAPTION_WORDS = re.compile(
    r"^\(|\)$|identification|incorporation|jurisdiction|file[ ]+n|employer|commission"
    r"|i\.r\.s|\bIRS\b|organization|telephone|zip[ ]+code|\bformer\b", re.IGNORECASE)
CARE_OF = re.compile(r"^c/o\b", re.IGNORECASE)
STREET_WORD = LazyPattern(
    r".*\b(?:Campus|Drive|Dr\.|Avenue|Ave\.|Road|Rd\.|Street|St\.|Way|Plaza|Parkway|Pkwy\.?"
    r"|Boulevard|Blvd\.|Lane|Court|Center|Centre|Place|Square|Highway|Circle|Floor"
    r"|Suite[ ]+\w+)(?![\w])\.?", re.IGNORECASE)

# --- the name block
ROLE = re.compile(r"^(?:Packager|Depositor|Servicer|Sponsor|Seller|Master[ \n]+Servicer"
                  r"|Originator|Trustee|Registrant|Issuing[ \n]+Entity|Guarantor|Administrator"
                  r"|Manager|Co-Registrant|Issuer)\b", re.IGNORECASE)
ISSUER_IN_RESPECT = re.compile(r"^Issuer[ \n]+in[ \n]+Respect[ \n]+of[ \n]+(?:the[ \n]+)?",
                               re.IGNORECASE)
AS_ROLE = re.compile(r"^as[ \n]+(?P<role>.+?)(?=[ \n]+(?:under|pursuant|for|of[ \n]+the"
                     r"|with[ \n]+respect)\b|,|$)", re.IGNORECASE | re.DOTALL)
FORMERLY = re.compile(r"^formerly\b", re.IGNORECASE)
DEAL_TEXT = re.compile(r"certificates|pooling|agreement|issuance|providing|dated[ ]+as[ ]+of"
                       r"|^series\b|\bseries[ ]*:?[ ]*\d|^\$|\bnotes\b|\bbonds\b|^under\b"
                       r"|^for[ ]+the\b", re.IGNORECASE)
LISTED_BELOW = re.compile(r"^(?P<name>.+?)[ \n]+and[ \n]+the[ \n]+(?P<role>[A-Za-z-]+?)s?[ \n]+"
                          r"(?:as[ \n]+)?listed[ \n]+below", re.IGNORECASE)


@attrs.frozen
class Piece:
    """A stretch of the name block: plain text on one line, or a parenthesised group."""

    start: int
    end: int
    text: str
    paren: bool


@attrs.frozen
class Entity:
    """A name the cover prints, with the role printed with it."""

    name: Piece
    role: tuple[str, Span] | None
    caption_role: str | None = None


class CoverReader:
    """Reads one cover page; `read` gives its assertions and problems."""

    def __init__(self, cover: LogicalText) -> None:
        self.cover = cover
        self.text = cover.text
        self.assertions: list[Assertion] = []
        self.problems: list[Problem] = []
        self.misprints: list[tuple[Span, str, str]] = []  # span, as printed, read as
        self.placeholders: list[tuple[str, str, Span]] = []  # field, text, span

    # ----------------------------------------------------------------- helpers
    def span(self, start: int, end: int) -> Span:
        return self.cover.span(start, end)

    def put(self, key: Key, value: Value, start: int, end: int, field: str) -> None:
        self.assertions.append(Assertion(key, value, self.span(start, end), field))

    def lines(self, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
        """(start, end) of each non-empty line within text[start:end]."""
        end = len(self.text) if end is None else end
        position = start
        while position < end:
            stop = self.text.find("\n", position, end)
            stop = end if stop < 0 else stop
            first, last = _strip(self.text, position, stop)
            if first < last:
                yield first, last
            position = stop + 1

    def line_of(self, offset: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, offset) + 1
        stop = self.text.find("\n", offset)
        return start, len(self.text) if stop < 0 else stop

    # -------------------------------------------------------------------- read
    def read(self) -> Statement:
        if not self._is_cover():
            return Statement("facts", (), ())
        form = FORM.search(self.text)
        if form:
            self.put(("cover", "form_type"), form.group("form").upper(), form.start("form"),
                     form.end("form"), "form_type")
        limit = _first([DATE_LABEL.search(self.text), EARLIEST.search(self.text),
                        ENTITY_CAPTION.search(self.text), FILE_LABEL.search(self.text),
                        MONTH_OF.search(self.text)], min(len(self.text), 1500))
        header_end = max((m.end() for m in HEADER_END.finditer(self.text, 0, limit)), default=0)
        date_end = self._date_of_report(header_end)
        names_start = max(header_end, date_end)
        file_label = FILE_LABEL.search(self.text, names_start)
        address = ADDRESS_CAPTION.search(self.text, names_start)
        values_start = self._entities(names_start, file_label, address)
        masked = self._numbers(header_end)
        self._state(values_start, address)
        self._address(values_start, address, masked)
        self._series()
        return Statement("facts", tuple(self.assertions), tuple(self.problems))

    def _is_cover(self) -> bool:
        """A cover names its form or carries the registrant's or the file number's caption."""
        head = self.text[:3000]
        return bool(FORM.search(head) or ENTITY_CAPTION.search(head) or FILE_LABEL.search(head)
                    or re.search(r"CURRENT[ \n]+REPORT", head, re.IGNORECASE))

    # -------------------------------------------------------------- the date
    def _date_of_report(self, header_end: int) -> int:
        """The date of report: after its label, above "(date of earliest event reported)",
        or standing alone; "For the Month of June 1997" is a reporting period instead."""
        label = DATE_LABEL.search(self.text)
        candidates: list[re.Match[str]] = []
        if label:
            candidates.extend([m for m in DATE.finditer(self.text, label.end(), label.end() + 200)
                               if self._month(m) is not None][:1])
        if not candidates:
            earliest = EARLIEST.search(self.text)
            if earliest:
                before = [m for m in DATE.finditer(self.text, max(0, earliest.start() - 80),
                                                   earliest.start())
                          if self._month(m) is not None]
                candidates.extend(before[-1:])
        if not candidates:
            for start, end in self.lines(header_end):
                alone = DATE.fullmatch(self.text, start, end)
                if alone and self._month(alone) is not None:
                    candidates.append(alone)
                    break
                if ENTITY_CAPTION.match(self.text, start) or FILE_LABEL.match(self.text, start):
                    break
        period = MONTH_OF.search(self.text)
        if period:
            month = self._month_number(period.group("month"))
            if month is not None:
                self.put(("cover", "reporting_period"), f"{period.group('year')}-{month:02d}",
                         period.start("month"), period.end("year"), "reporting_period")
        if not candidates:
            if period:
                return self.line_of(period.end())[1]
            earliest = EARLIEST.search(self.text)
            return _closing(self.text, earliest.start()) if earliest else 0
        found = candidates[0]
        self._put_date(found)
        end = found.end()
        earliest = EARLIEST.search(self.text, end, end + 120)
        if earliest and not self.text[end:earliest.start()].strip(" \n-:"):
            end = _closing(self.text, earliest.start())
        return end

    def _put_date(self, found: re.Match[str]) -> None:
        month = self._month(found)
        assert month is not None
        try:
            value = datetime.date(int(found.group("year")), month, int(found.group("day")))
        except ValueError as error:
            text = " ".join(found.group().split())
            self.problems.append(Problem(
                "E106", f"malformed date: {text!r} is not a valid date ({error})",
                self.span(found.start(), found.end()), label="date_of_report"))
            return
        printed = found.group("month")
        if printed.lower().rstrip(".") not in _MONTH_NAMES and printed.lower() not in MONTHS:
            self.misprints.append((self.span(found.start("month"), found.end("month")), printed,
                                   _MONTH_NAMES[month - 1].capitalize()))
        self.put(("cover", "date_of_report"), value, found.start(), found.end(), "date_of_report")

    def _month(self, found: re.Match[str]) -> int | None:
        return self._month_number(found.group("month"))

    @staticmethod
    def _month_number(word: str) -> int | None:
        """A month by name, abbreviation, or a misprint one or two letters off ("Janauary")."""
        word = word.lower().rstrip(".")
        if word in MONTHS:
            return MONTHS[word]
        if len(word) < 5:
            return None
        near = [(_distance(word, month), n) for n, month in enumerate(_MONTH_NAMES, 1)
                if abs(len(month) - len(word)) <= 2]
        best = min(near, default=None)
        return best[1] if best is not None and best[0] <= 2 else None

    # ---------------------------------------------------------- the entities
    def _entities(self, start: int, file_label: re.Match[str] | None,
                  address: re.Match[str] | None) -> int:
        """Registrant, role, issuer and co-registrants; returns where the values begin."""
        limit = address.start() if address else len(self.text)
        captions = list(ENTITY_CAPTION.finditer(self.text, start, limit))
        if file_label and file_label.start() < (captions[0].start() if captions else limit):
            number_end = FILE_NUMBER.search(self.text, file_label.end(), file_label.end() + 40)
            start = max(start, self.line_of(
                number_end.end() if number_end else file_label.end())[1])
        named: list[tuple[Entity, str | None]] = []  # entity, its caption's role word
        others: list[Entity] = []
        block_start = start
        for caption in captions:
            head, listed = self._block_entities(self._pieces(block_start, caption.start()),
                                                captioned=True)
            if head is not None:
                named.append((head, " ".join(caption.group("role").split()).lower()))
            others.extend(listed)
            block_start = caption.end()
        end = self._values_row(block_start, limit)
        head, listed = self._block_entities(self._pieces(block_start, end), captioned=False)
        if not captions:
            if head is not None:
                named.append((head, None))
            others.extend(listed)
        else:  # after the caption: "TRUST 1995-1" / "(Issuer with respect to Certificates)"
            trailing = [e for e in ([head] if head else []) + listed if e.role is not None]
            others.extend(trailing)
            if not trailing:
                end = block_start
        self._put_entities(named, others)
        return end

    def _values_row(self, start: int, limit: int) -> int:
        """Where the name block ends: the state/file/I.R.S. row, its captions, or the address."""
        for first, last in self.lines(start, limit):
            line = self.text[first:last]
            if (IRS.search(line) or FILE_NUMBER.search(line) or PLACEHOLDER.search(line)
                    or STATE_LABEL.search(line) or _starts_with_state(line)
                    or re.match(r"\(?[ ]*State[ ]+(?:or|of)\b", line, re.IGNORECASE)
                    or re.match(r"\d+[ ]+\w", line) or CARE_OF.match(line)):
                return first
        return limit

    def _pieces(self, start: int, end: int) -> list[Piece]:
        """The name block as plain pieces (one per line) and parenthesised groups."""
        pieces: list[Piece] = []
        position = start
        while position < end:
            opening = self.text.find("(", position, end)
            stop = end if opening < 0 else opening
            for first, last in self.lines(position, stop):
                first, last = _strip(self.text, first, last, " \n,;")
                if first < last and any(c.isalnum() for c in self.text[first:last]):
                    pieces.append(Piece(first, last, self.text[first:last], False))
            if opening < 0:
                break
            closing = _closing(self.text, opening)
            closing = min(closing, end)
            pieces.append(Piece(opening, closing, self.text[opening:closing], True))
            position = closing
        return pieces

    def _block_entities(self, pieces: list[Piece],
                        captioned: bool) -> tuple[Entity | None, list[Entity]]:
        """The entity a name block names (last above its caption, first where there is no
        caption) and any others with roles ("X and the Originators listed below" ...)."""
        names: list[tuple[Piece, list[tuple[str, Span]]]] = []
        in_clause = False
        for index, piece in enumerate(pieces):
            if piece.paren:
                inner = piece.text[1:-1].strip()
                role = self._role(piece)
                if role is not None and names and role[0] != "":
                    names[-1][1].append(role)
                elif (role is None and names and not FORMERLY.match(inner)
                      and self._same_line(names[-1][0], piece) and not DEAL_TEXT.search(inner)):
                    name, roles = names[-1]  # "THE CHASE MANHATTAN BANK (NATIONAL ASSOCIATION)"
                    names[-1] = (Piece(name.start, piece.end, self.text[name.start:piece.end],
                                       False), roles)
                continue
            if in_clause:
                continue
            as_role = AS_ROLE.match(piece.text)
            if as_role:  # "as Depositor and Master Servicer under a" (no parentheses)
                if names:
                    start = piece.start + as_role.start("role")
                    names[-1][1].append((" ".join(as_role.group("role").split()),
                                         self.span(start, piece.start + as_role.end("role"))))
                in_clause = True
                continue
            below = LISTED_BELOW.match(piece.text)
            if below:
                first = Piece(piece.start, piece.start + below.end("name"),
                              below.group("name"), False)
                role = (below.group("role").rstrip("s").capitalize(),
                        self.span(piece.start + below.start("role"),
                                  piece.start + below.end("role")))
                rest = [p for p in pieces[index + 1:] if not p.paren
                        and not DEAL_TEXT.search(p.text) and _looks_like_name(p.text)]
                return Entity(first, None), [Entity(p, role) for p in rest]
            if DEAL_TEXT.search(piece.text) or not _looks_like_name(piece.text):
                continue
            names.append((piece, []))
        if not names:
            return None, []
        entities = [Entity(name, roles[0] if roles else None) for name, roles in names]
        head = entities[-1] if captioned else entities[0]
        same = [e for e in entities if _same_name(e.name.text, head.name.text)]
        role = next((e.role for e in same if e.role is not None), None)
        listed = [e for e in entities if not _same_name(e.name.text, head.name.text)
                  and e.role is not None]
        return attrs.evolve(head, role=role), listed

    def _role(self, piece: Piece) -> tuple[str, Span] | None:
        """A parenthesised role ("(Packager and Servicer)", "(as depositor under ...)"),
        the issuer ("(Issuer in Respect of ...)"), or None."""
        inner_start = piece.start + 1
        inner_end = piece.end - 1 if self.text[piece.end - 1:piece.end] == ")" else piece.end
        first, last = _strip(self.text, inner_start, inner_end)
        inner = self.text[first:last]
        issuer = ISSUER_IN_RESPECT.match(inner)
        if issuer:
            self.put(("cover", "issuer"), inner[issuer.end():], first + issuer.end(), last,
                     "issuer")
            series = SERIES[0].search(inner)
            if series:
                self._put_series(series, first)
            return ("", self.span(first, last))
        as_role = AS_ROLE.match(inner)
        if as_role:
            return (" ".join(as_role.group("role").split()),
                    self.span(first + as_role.start("role"), first + as_role.end("role")))
        if ROLE.match(inner):
            return (" ".join(inner.split()), self.span(first, last))
        return None

    def _same_line(self, a: Piece, b: Piece) -> bool:
        return "\n" not in self.text[a.end:b.start]

    def _put_entities(self, named: list[tuple[Entity, str | None]],
                      others: list[Entity]) -> None:
        """The registrant (the entity captioned as registrant, else the first named) and
        every other entity, in printed order, with its role."""
        if not named:
            return
        index = next((i for i, (_, role) in enumerate(named) if role == "registrant"), 0)
        registrant = named[index][0]
        name = registrant.name
        self.put(("cover", "registrant"), name.text, name.start, name.end, "registrant")
        if registrant.role is not None:
            self.assertions.append(Assertion(("cover", "registrant_role"), registrant.role[0],
                                             registrant.role[1], "registrant_role"))
        rest = [attrs.evolve(e, caption_role=r) for i, (e, r) in enumerate(named) if i != index]
        for position, entity in enumerate(sorted(rest + others, key=lambda e: e.name.start)):
            base = ("cover", "co_registrants", str(position))
            self.put((*base, "name"), entity.name.text, entity.name.start, entity.name.end,
                     "co_registrant")
            if entity.role is not None:
                self.assertions.append(Assertion((*base, "role"), entity.role[0],
                                                 entity.role[1], "co_registrant_role"))
            elif entity.caption_role is not None:
                self.assertions.append(Assertion((*base, "role"), entity.caption_role,
                                                 self.span(entity.name.start, entity.name.end),
                                                 "co_registrant_role"))

    # ------------------------------------------------------------- numbers
    def _numbers(self, start: int) -> list[tuple[int, int]]:
        """Telephone, I.R.S. and file numbers by shape (several of each kept), and a
        placeholder where a number is not yet assigned; returns the spans taken."""
        taken: list[tuple[int, int]] = []
        for phone in PHONE.finditer(self.text, start):
            self.put(("cover", "phone"), phone.group(), phone.start(), phone.end(), "phone")
            taken.append(phone.span())
        irs = [m for m in IRS.finditer(self.text, start) if not _inside(m.span(), taken)]
        taken.extend(m.span() for m in irs)
        files = [m for m in FILE_NUMBER.finditer(self.text, start)
                 if not _inside(m.span(), taken)]
        taken.extend(m.span() for m in files)
        self._list("commission_file_number", "additional_commission_file_numbers", files)
        self._list("irs_employer_id", "additional_irs_employer_ids", irs)
        placeholder = next(iter(PLACEHOLDER.finditer(self.text, start)), None)
        if placeholder is not None:
            field = "irs_employer_id" if not irs else (
                "commission_file_number" if not files else None)
            if field is not None:
                text = " ".join(placeholder.group().split())
                self.placeholders.append((field, text, self.span(*placeholder.span())))
                base = ("cover", "placeholders", "0")
                self.put((*base, "field"), field, *placeholder.span(), "placeholder")
                self.put((*base, "text"), text, *placeholder.span(), "placeholder")
        return taken

    def _list(self, field: str, more: str, found: list[re.Match[str]]) -> None:
        """The first value is the field; the others, in printed order, its list."""
        seen: list[str] = []
        for match in found:
            if match.group() in seen:
                continue
            if not seen:
                self.put(("cover", field), match.group(), match.start(), match.end(), field)
            else:
                self.put(("cover", more, str(len(seen) - 1)), match.group(), match.start(),
                         match.end(), more)
            seen.append(match.group())

    # --------------------------------------------------------------- state
    def _state(self, start: int, address: re.Match[str] | None) -> None:
        """The state of incorporation: labelled, or first on the values row; never the
        Commission's "Washington, D.C." nor a city's state."""
        end = address.start() if address else len(self.text)
        label = STATE_LABEL.search(self.text, start, end)
        if label:
            state = STATE.match(self.text, label.end())
            if state:
                self.put(("cover", "state_of_incorporation"), state.group(), *state.span(),
                         "state_of_incorporation")
                return
        for first, last in self.lines(start, end):
            printed = _starts_with_state(self.text[first:last])
            if printed is not None:
                self.put(("cover", "state_of_incorporation"), printed, first,
                         first + len(printed), "state_of_incorporation")
                return

    # ------------------------------------------------------------- address
    def _address(self, start: int, caption: re.Match[str] | None,
                 taken: list[tuple[int, int]]) -> None:
        """The address above its caption (below it where the caption is a label), read
        from its end: zip code, state, city, and the street before them."""
        if caption is None:
            return
        lines: list[tuple[int, int]] = []
        if caption.group("colon"):
            for first, last in self.lines(caption.end()):
                if len(lines) == 4 or CAPTION_WORDS.search(self.text[first:last]):
                    break
                lines.append((first, last))
        else:
            own_first, _ = self.line_of(caption.start())
            before = _strip(self.text, own_first, caption.start())
            above = list(self.lines(start, own_first))
            for first, last in reversed(above[-4:]):
                line = self.text[first:last]
                if CAPTION_WORDS.search(line) or IRS.search(line) or FILE_NUMBER.search(line) \
                        or (_starts_with_state(line) and not re.search(r",|\d{5}", line)):
                    break
                lines.insert(0, (first, last))
            if before[0] < before[1]:
                lines.append(before)
        if not lines:
            return
        care = [span for span in lines if CARE_OF.match(self.text[span[0]:span[1]])]
        if care:
            self.put(("cover", "address", "care_of"), self.text[care[0][0]:care[0][1]],
                     *care[0], "care_of")
            lines = [span for span in lines if span not in care]
        if not lines:
            return
        first, last = _strip(self.text, lines[0][0], lines[-1][1], " \n,")
        ending = ADDRESS_END.search(self.text, first, last)
        if ending is None:
            return
        self.put(("cover", "address", "state"), ending.group("state"), *ending.span("state"),
                 "state")
        zip_code: tuple[int, int] | None = ending.span("zip") if ending.group("zip") else None
        if zip_code is None:
            after = ZIP.search(self.text, caption.end(), self.line_of(caption.end())[1])
            following = self.line_of(caption.end())[1] + 1
            if after is None and following < len(self.text):  # the zip alone on the next line
                after = ZIP.match(self.text, following)
            zip_code = after.span() if after else None
        if zip_code is not None:
            self.put(("cover", "address", "zip"), self.text[zip_code[0]:zip_code[1]], *zip_code,
                     "zip")
        self._street_city(first, ending.start())

    def _street_city(self, start: int, end: int) -> None:
        """City after the last comma or line break before the state; the street before it
        (its lines joined), cut after its last street word where no separator is printed."""
        first, last = _strip(self.text, start, end, " \n,")
        before = self.text[first:last]
        separator = max(before.rfind(","), before.rfind("\n"))
        if separator < 0:
            split = STREET_WORD.match(before)
            if split is None or split.end() >= len(before):
                return
            separator = city_start = split.end()
        else:
            city_start = separator + 1
        city_first, city_last = _strip(before, city_start, len(before))
        street_first, street_last = _strip(before, 0, separator, " \n,")
        if city_first < city_last:
            self.put(("cover", "address", "city"), before[city_first:city_last],
                     first + city_first, first + city_last, "city")
        if street_first < street_last:
            self.put(("cover", "address", "street"), before[street_first:street_last],
                     first + street_first, first + street_last, "street")

    # -------------------------------------------------------------- series
    def _series(self) -> None:
        """The deal's series where the cover prints it: issuer line (already read), a
        "Series" anywhere, a trust's number, "Certificates, 1995-2"."""
        if any(a.key == ("cover", "series") for a in self.assertions):
            return
        for pattern in SERIES:
            found = pattern.search(self.text)
            if found:
                self._put_series(found, 0)
                return

    def _put_series(self, found: re.Match[str], offset: int) -> None:
        value = re.sub(r"\s+", "", found.group("series"))
        self.put(("cover", "series"), value, offset + found.start("series"),
                 offset + found.end("series"), "series")


def read_cover(cover: LogicalText) -> tuple[Statement, CoverReader]:
    """The cover page's facts, and the reader (for its misprints and placeholders)."""
    reader = CoverReader(cover)
    return reader.read(), reader


def series_in(texts: Iterable[LogicalText]) -> Assertion | None:
    """The deal's series from a filing's body (title block, exhibit title, running text),
    when every "Series" it names is the same one; several series name no one deal."""
    found: list[tuple[str, Span]] = []
    for text in texts:
        for match in SERIES[0].finditer(text.text):
            value = re.sub(r"\s+", "", match.group("series"))
            found.append((value, text.span(match.start("series"), match.end("series"))))
    values = {value for value, _ in found}
    if len(values) != 1:
        return None
    value, span = found[0]
    return Assertion(("cover", "series"), value, span, "series")


# ------------------------------------------------------------------ helpers
def _strip(text: str, start: int, end: int, chars: str = " \n") -> tuple[int, int]:
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


def _closing(text: str, opening: int) -> int:
    """Just after the parenthesis that closes the one at ``opening`` (or the text's end)."""
    depth = 0
    for index in range(opening, len(text)):
        if text[index] == "(":
            depth += 1
        elif text[index] == ")":
            depth -= 1
            if depth == 0:
                return index + 1
    return len(text)


def _first(matches: list[re.Match[str] | None], default: int) -> int:
    return min((m.start() for m in matches if m is not None), default=default)


def _inside(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return any(start < span[1] and span[0] < end for start, end in taken)


def _starts_with_state(line: str) -> str | None:
    """The state a values row starts with ("Delaware  333-72082"), not a city's
    ("New York, New York") nor the Commission's ("Washington, D.C.")."""
    state = STATE.match(line)
    if state is None:
        return None
    rest = line[state.end():]
    if re.match(r"[ ]*,|[ ]*D\.?[ ]?C\.?\b|[ ]+[a-z]", rest):
        return None
    return state.group()


def _looks_like_name(text: str) -> bool:
    """A registrant's name starts with a capital and is not a sentence or a number."""
    return bool(re.match(r"[A-Z]", text)) and not re.match(r"(?:Date|Commission|Registrant|"
                                                           r"Pursuant|Check)\b", text)


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"[^a-z0-9]", "", a.lower()) == re.sub(r"[^a-z0-9]", "", b.lower())


def _distance(a: str, b: str) -> int:
    """Levenshtein distance of two short words."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


__all__ = ["CoverReader", "read_cover", "series_in"]
