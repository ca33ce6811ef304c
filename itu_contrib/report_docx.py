"""The report as an editable Word document (python-docx): the same sections, narrative, tables and counts as the HTML.

Everything is styled with named Word styles (Title, Heading 1-4, Caption, List Bullet, a table style and the
``Table Text`` paragraph style made here), never direct formatting, so an editor restyles the whole document at once.
The figures come from the same view model as the HTML report, so both show the same strings.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from typing import Any

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from markdown_it.token import Token

from .aggregate import Summary
from .i18n import Language, language
from .narrative import Narrative, parse
from .report import _activities as _activity_count
from .report import _context

#: The table style of every table (a built-in style of Word's default template; restyle it in Word).
TABLE_STYLE = "Light Grid Accent 1"
#: The paragraph style of table cells, made here so that an editor can change every table's text at once.
TABLE_TEXT = "Table Text"
_HYPERLINK = "Hyperlink"


def _styles(doc: DocumentType) -> None:
    styles = doc.styles
    names = {s.name for s in styles}
    if TABLE_TEXT not in names:
        style = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size = Pt(8)
        style.paragraph_format.space_after = Pt(0)
        style.quick_style = True
    if _HYPERLINK not in names:
        link = styles.add_style(_HYPERLINK, WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x0B, 0x4F, 0x8A)
        link.font.underline = True


def _field(paragraph: Paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, result, end) that Word and LibreOffice update."""

    def run_with(child: Any) -> None:
        run = paragraph.add_run()
        run._r.append(child)

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run_with(separate)
    paragraph.add_run(placeholder)
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


#: The elements that follow w:updateFields in w:settings (its schema is a sequence: Word repairs a wrong order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults", "footnotePr", "endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema",
    "themeFontLang", "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures", "forceUpgrade",
    "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary", "shapeDefaults", "doNotEmbedSmartTags",
    "decimalSymbol", "listSeparator",
)  # fmt: skip


def _update_fields_on_open(doc: DocumentType) -> None:
    """Ask Word to update the fields (the table of contents) when the document opens, in schema order."""
    settings = doc.settings.element
    flag = OxmlElement("w:updateFields")
    flag.set(qn("w:val"), "true")
    for child in settings:
        if child.tag.rsplit("}", 1)[-1] in _AFTER_UPDATE_FIELDS:
            child.addprevious(flag)
            return
    settings.append(flag)


def _hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), _HYPERLINK)  # the style id of the style named Hyperlink made in _styles
    props.append(style)
    run.append(props)
    content = OxmlElement("w:t")
    content.set(qn("xml:space"), "preserve")
    content.text = text
    run.append(content)
    link.append(run)
    paragraph._p.append(link)


# --- narrative ------------------------------------------------------------------------------------


def _inline(paragraph: Paragraph, tokens: Sequence[Token]) -> None:
    bold = italic = False
    link: str | None = None
    for tok in tokens:
        if tok.type == "strong_open":
            bold = True
        elif tok.type == "strong_close":
            bold = False
        elif tok.type == "em_open":
            italic = True
        elif tok.type == "em_close":
            italic = False
        elif tok.type == "link_open":
            link = str(tok.attrGet("href") or "")
        elif tok.type == "link_close":
            link = None
        elif tok.type in {"text", "code_inline"}:
            if link:
                _hyperlink(paragraph, link, tok.content)
                continue
            run = paragraph.add_run(tok.content)
            if bold:
                run.style = "Strong"
            elif italic:
                run.style = "Emphasis"
        elif tok.type in {"softbreak"}:
            paragraph.add_run(" ")
        elif tok.type == "hardbreak":
            paragraph.add_run().add_break()


def _narrative(doc: DocumentType, narrative: Narrative, key: str, level: int) -> None:
    """The editor's Markdown for ``key`` as Word paragraphs, headings from ``Heading {level}`` down."""
    text = narrative.get(key)
    if not text:
        return
    style = "Normal"
    lists: list[str] = []
    for tok in parse(text):
        if tok.type == "heading_open":
            style = f"Heading {min(9, level + int(tok.tag[1]) - 1)}"
        elif tok.type == "bullet_list_open":
            lists.append("List Bullet")
        elif tok.type == "ordered_list_open":
            lists.append("List Number")
        elif tok.type in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif tok.type == "blockquote_open":
            style = "Quote"
        elif tok.type == "blockquote_close":
            style = "Normal"
        elif tok.type == "inline":
            para_style = lists[-1] if lists and not style.startswith("Heading") else style
            _inline(doc.add_paragraph(style=para_style), tok.children or ())
        elif tok.type == "heading_close":
            style = "Normal"
        elif tok.type in {"fence", "code_block"}:
            doc.add_paragraph(tok.content.rstrip("\n"), style="macro")


# --- tables ---------------------------------------------------------------------------------------


#: A cell's content: plain text, or a function that fills the cell's first paragraph (title and description, link).
CellValue = str | Callable[[_Cell], None]


def _weights(header: Sequence[str], rows: Sequence[Sequence[CellValue]]) -> list[float]:
    """Relative column widths from the longest word and the length of the text in each column."""
    weights = []
    for k, name in enumerate(header):
        texts = [str(name), *(str(r[k]) for r in rows if isinstance(r[k], str))]
        longest_word = max((len(w) for t in texts for w in t.split()), default=1)
        longest = max(len(t) for t in texts)
        weights.append(max(longest_word, min(longest, 40) / 2, 3))
    return weights


def _table(
    doc: DocumentType,
    caption: str,
    header: Sequence[str],
    rows: Sequence[Sequence[CellValue]],
    weights: Sequence[float] | None = None,
) -> Table:
    """A captioned table (the caption text equals the HTML table's caption), as wide as the text."""
    doc.add_paragraph(caption, style="Caption")
    table: Table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = doc.styles[TABLE_STYLE]
    table.autofit = False
    section = doc.sections[-1]
    usable = int(section.page_width or 0) - int(section.left_margin or 0) - int(section.right_margin or 0)
    weights = list(weights or _weights(header, rows))
    widths = [Emu(int(usable * w / sum(weights))) for w in weights]
    for row, values in zip(table.rows, [header, *rows], strict=True):
        for cell, value, width in zip(row.cells, values, widths, strict=True):
            cell.width = width
            paragraph = cell.paragraphs[0]
            paragraph.style = doc.styles[TABLE_TEXT]
            if callable(value):
                value(cell)
            else:
                paragraph.add_run(str(value))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    _repeat_header(table)
    return table


def _repeat_header(table: Table) -> None:
    props = table.rows[0]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    props.append(flag)


def _title_cell(title: str, description: str) -> Callable[[_Cell], None]:
    """The title in the Strong style, the whole description as a second paragraph."""

    def fill(cell: _Cell) -> None:
        cell.paragraphs[0].add_run(title, style="Strong")
        if description:
            cell.add_paragraph(description, style=TABLE_TEXT)

    return fill


def _link_cell(url: str | None, text: str) -> CellValue:
    """A clickable link showing the whole address, or the text as given when it is not a safe link."""
    if not url:
        return text

    def fill(cell: _Cell) -> None:
        _hyperlink(cell.paragraphs[0], url, url)

    return fill


def _width(column: Any) -> float:
    """Relative width of an activity table's column: the title widest, then links, identifiers and dates."""
    if column.name == "title":
        return 6.2
    if column.name == "url":
        return 2.6
    if column.name == "activity_id":
        return 2.0
    return 1.75 if column.type == "date" else 1.5


def _value(r: Any, name: str) -> CellValue:
    """An activity's cell: the title with its whole description, a clickable link, or the formatted value."""
    if name == "title":
        return _title_cell(r.title, r.description)
    if name == "url":
        return _link_cell(r.url, r.url_text)
    return str(r.cells[name])


def _t(ctx: dict[str, Any], message: str, /, **values: object) -> str:
    """``message`` in the document's language (the HTML report's wording, from the catalogues), filled with ``values``.

    Message ids use ``%(name)s`` placeholders, as the report's Jinja templates do, so both share one wording.
    """
    text = str(ctx["language"].gettext(message))
    return text % values if values else text.replace("%%", "%")


def _p(ctx: dict[str, Any], context: str, message: str) -> str:
    """``message`` in the document's language, where ``context`` tells apart two meanings of one English text."""
    return str(ctx["language"].pgettext(context, message))


def _count(ctx: dict[str, Any], count: str) -> str:
    """'1 activity', '12 activities' in the document's language (``count`` as the report formats it)."""
    return _activity_count(ctx["language"], count)


def _activities(doc: DocumentType, ctx: dict[str, Any], listing: dict[str, Any], caption: str, empty: str) -> None:
    if not listing["total"]:
        doc.add_paragraph(empty)
        return
    columns = ctx["listing_columns"]
    rows = [[_value(r, c.name) for c in columns] for r in listing["rows"]]
    _table(doc, caption, [ctx["labels"].get(c.name, c.label) for c in columns], rows, [_width(c) for c in columns])
    if listing["capped"]:
        doc.add_paragraph(
            _t(
                ctx,
                "Only the first %(cap)s activities are listed here; every activity is in All activities.",
                cap=ctx["cap"],
            )
        )


def _sector_tables(doc: DocumentType, ctx: dict[str, Any], line: dict[str, Any], name: str, empty: str) -> None:
    if not line["sectors"]:
        doc.add_paragraph(empty)
    for s in line["sectors"]:
        caption = _t(ctx, "Activities under %(name)s by %(sector)s (%(count)s)") % {
            "name": name,
            "sector": s["name"],
            "count": s["count"],
        }
        _activities(doc, ctx, s["listing"], caption, _t(ctx, "No activities."))


def _meta(ctx: dict[str, Any], line: dict[str, Any], with_role: bool = True) -> str:
    facilitators = _t(ctx, "Facilitators") if line["facilitators_many"] else _t(ctx, "Facilitator")
    parts = [_t(ctx, "%(label)s: %(value)s", label=facilitators, value=line["facilitators"] or "—")]
    if with_role:
        parts.append(_t(ctx, "%(label)s: %(value)s", label=_t(ctx, "ITU's role"), value=line["role"]))
    parts.append(_count(ctx, line["count"]))
    return ". ".join(parts) + "."


def _by_sector(ctx: dict[str, Any], line: dict[str, Any]) -> str:
    counts = ", ".join(f"{s['name']} {s['count']}" for s in line["by_sector"])
    return f"{_t(ctx, 'By sector:')} {counts}."


# --- sections -------------------------------------------------------------------------------------


def _summary(doc: DocumentType, ctx: dict[str, Any]) -> None:
    doc.add_paragraph(
        _t(
            ctx,
            "%(total)s; %(lines)s of %(lines_total)s WSIS Action Lines and %(goals)s of %(goals_total)s SDGs with "
            "activities; %(custodian)s linked to an indicator ITU is custodian of.",
            total=_count(ctx, ctx["total"]), lines=ctx["lines_covered"], lines_total=ctx["lines_total"],
            goals=ctx["goals_covered"], goals_total=ctx["goals_total"], custodian=_count(ctx, ctx["custodian_linked"]),
        )
    )  # fmt: skip
    doc.add_heading(_t(ctx, "Activities by sector"), level=2)
    for s in ctx["sectors"]:
        line = _t(
            ctx, "%(name)s: %(count)s (%(share)s)", name=s["name"], count=_count(ctx, s["count"]), share=s["share"]
        )
        doc.add_paragraph(line, style="List Bullet")
    doc.add_heading(_t(ctx, "Activities by innermost SDG ring"), level=2)
    for r in ctx["rings"]:
        line = _t(
            ctx, "%(name)s: %(count)s (%(share)s)", name=r["name"], count=r["share"], share=_count(ctx, r["count"])
        )
        doc.add_paragraph(line, style="List Bullet")
    if ctx["without_goal_raw"]:
        line = _t(
            ctx, "%(name)s: %(count)s (%(share)s)", name=_t(ctx, "No SDG"), count=ctx["without_goal_share"],
            share=_count(ctx, ctx["without_goal"]),
        )  # fmt: skip
        doc.add_paragraph(line, style="List Bullet")
    doc.add_paragraph(
        _t(
            ctx,
            "An activity counts once per action line (C7's e-sub-lines roll up to C7), once per SDG, and once in the "
            "innermost ring among its SDGs, so the ring shares add up to 100%%.",
        )
    )


def _role(doc: DocumentType, ctx: dict[str, Any], narrative: Narrative, key: str) -> None:
    group = ctx["role_views"][key]
    doc.add_paragraph(group["intro"])
    for line in group["lines"]:
        doc.add_heading(f"{line['code']} {line['title']}", level=2)
        _narrative(doc, narrative, line["code"], 3)
        doc.add_paragraph(_meta(ctx, line))
        doc.add_paragraph(_by_sector(ctx, line))
        if line["sub_lines"]:
            sectors = [s["name"] for s in line["by_sector"]]
            rows = [
                [sub["title"], sub["facilitators"] or "—", *(s["count"] for s in sub["by_sector"]), sub["count"]]
                for sub in line["sub_lines"]
            ]
            header = [_t(ctx, "Sub-line"), _t(ctx, "Facilitators"), *sectors, _t(ctx, "Activities")]
            _table(doc, _t(ctx, "%(code)s activities by e-sub-line and sector", code=line["code"]), header, rows)
            for sub in line["sub_lines"]:
                if sub["count"] == "0":
                    continue
                doc.add_heading(f"{line['code']} {sub['title']}", level=3)
                if sub["code"] != line["code"]:
                    _narrative(doc, narrative, sub["code"], 4)
                doc.add_paragraph(_meta(ctx, sub, with_role=False))
                _sector_tables(doc, ctx, sub, f"{line['code']} {sub['title']}", _t(ctx, "No activities."))
        else:
            name = f"{line['code']} {line['title']}"
            _sector_tables(doc, ctx, line, name, _t(ctx, "No activities were reported under this action line."))


def _ring_targets(doc: DocumentType, ctx: dict[str, Any], narrative: Narrative) -> None:
    doc.add_paragraph(
        _t(
            ctx,
            "The %(plan)s names targets and indicators for its inner rings. An activity is counted under a target or "
            "an indicator when it declares that code; “%(badge)s” marks an indicator ITU is custodian agency of.",
            plan=ctx["plan_title"], badge=_t(ctx, "ITU custodian"),
        )
    )  # fmt: skip
    for ring in ctx["ring_targets"]:
        doc.add_heading(f"{ring['level']}. {ring['name']}", level=2)
        _narrative(doc, narrative, ring["key"], 3)
        doc.add_paragraph(f"{_t(ctx, 'SDGs whose innermost ring it is:')} {ring['goals'] or '—'}.")
        if not ring["targets"]:
            doc.add_paragraph(_t(ctx, "The plan names no target or indicator for this ring."))
            continue
        custodian = _t(ctx, "ITU custodian")
        rows = [
            [t["code"] + (f" {custodian}" if t["itu_custodian"] else ""), _p(ctx, "target kind", t["kind"]), t["text"],
             t["count"]]
            for t in ring["targets"]
        ]  # fmt: skip
        _table(
            doc,
            _t(ctx, "Targets and indicators the plan names for the %(name)s ring", name=ring["name"]),
            [_t(ctx, "Code"), _t(ctx, "Kind"), _t(ctx, "Text"), _t(ctx, "Activities")],
            rows,
        )
        for t in ring["targets"]:
            if t["count"] != "0":
                caption = _t(
                    ctx, "Activities declaring %(kind)s %(code)s (%(count)s)", kind=_p(ctx, "target kind", t["kind"]),
                    code=t["code"], count=t["count"],
                )  # fmt: skip
                _activities(doc, ctx, t["listing"], caption, _t(ctx, "No activities."))


def _rings(doc: DocumentType, ctx: dict[str, Any]) -> None:
    for r in ctx["rings"]:
        goals = _t(ctx, "SDGs %(goals)s", goals=r["goals"])
        label = f"{r['level']}. {r['name']} ({goals})"
        doc.add_paragraph(_t(ctx, "%(label)s: %(value)s", label=label, value=r["description"]), style="List Bullet")
    rows = [[f"{r['level']}. {r['name']}", r["goals"], r["count"], r["share"]] for r in ctx["rings"]]
    if ctx["without_goal_raw"]:
        rows.append([_t(ctx, "No SDG"), "—", ctx["without_goal"], ctx["without_goal_share"]])
    _table(
        doc,
        _t(ctx, "Activities by innermost SDG ring"),
        [_t(ctx, "Ring"), _t(ctx, "SDGs whose innermost ring it is"), _t(ctx, "Activities"), _t(ctx, "Share")],
        rows,
    )


def _goals(doc: DocumentType, ctx: dict[str, Any]) -> None:
    rows = [[str(g["number"]), g["name"], g["ring"], g["count"], g["share"]] for g in ctx["goals"]]
    _table(
        doc,
        _t(ctx, "Activities by SDG"),
        [_t(ctx, "SDG"), _t(ctx, "Name"), _t(ctx, "Ring"), _t(ctx, "Activities"), _t(ctx, "Share of activities")],
        rows,
    )


def _matrix(doc: DocumentType, ctx: dict[str, Any]) -> None:
    matrix = ctx["matrix"]
    doc.add_paragraph(
        _t(
            ctx,
            "How many activities declare each action line together with each SDG; an asterisk marks a link expected "
            "by the WSIS-SDG matrix (a 2017 transcription, so a gap is a hint, not an error).",
        )
    )
    rows = [
        [(row["code"] + " " if not row["sub"] else "    ") + row["label"],
         *((c["count"] + ("*" if c["expected"] else "")) for c in row["cells"])]
        for row in matrix["rows"]
    ]  # fmt: skip
    header = [ctx["labels"]["action_lines"], *(str(g) for g in matrix["goals"])]
    caption = _t(ctx, "Activities by action line and SDG, with the WSIS-SDG matrix's expected links marked")
    _table(doc, caption, header, rows, [5.5, *(1.0 for _ in matrix["goals"])])


def _crosstabs(doc: DocumentType, ctx: dict[str, Any]) -> None:
    for tab in ctx["crosstabs"]:
        _table(doc, tab["title"], tab["columns"], tab["rows"])


def _indicators(doc: DocumentType, ctx: dict[str, Any]) -> None:
    rows = [[i["code"], i["text"], i["custodians"], i["count"]] for i in ctx["indicators"]]
    _table(
        doc,
        _t(ctx, "Activities linked to the indicators ITU is custodian of"),
        [_t(ctx, "Indicator"), _t(ctx, "Text"), _t(ctx, "Custodians"), _t(ctx, "Activities")],
        rows,
    )
    for i in ctx["indicators"]:
        doc.add_heading(_t(ctx, "Indicator %(code)s", code=i["code"]), level=2)
        where = _t(
            ctx, "SDG %(goal)s %(name)s, target %(target)s", goal=i["goal"], name=i["goal_name"], target=i["target"]
        )
        doc.add_paragraph(f"{where}. {_count(ctx, i['count'])}. {i['text']}")
        _activities(
            doc,
            ctx,
            i["listing"],
            _t(ctx, "Activities linked to indicator %(code)s", code=i["code"]),
            _t(ctx, "No activity declares this indicator."),
        )


def _yoy(doc: DocumentType, ctx: dict[str, Any]) -> None:
    yoy = ctx["yoy"]
    doc.add_paragraph(
        _t(
            ctx,
            "Compared with %(previous)s (%(total)s): %(new)s new, %(continued)s continued, %(ended)s ended activities.",
            previous=yoy["previous_year"] or _t(ctx, "the previous year"), total=_count(ctx, yoy["previous_total"]),
            new=yoy["new_count"], continued=yoy["continued_count"], ended=yoy["ended_count"],
        )
    )  # fmt: skip
    labels = ctx["labels"]
    prev, cur = str(yoy["previous_year"] or _t(ctx, "Previous year")), str(ctx["year"] or _t(ctx, "This year"))
    doc.add_heading(_t(ctx, "Shifts"), level=2)
    for key, caption, first in (
        (
            "by_action_line",
            _t(ctx, "Activities by action line, change since the previous year"),
            labels["action_lines"],
        ),
        ("by_ring", _t(ctx, "Activities by innermost SDG ring, change since the previous year"), _t(ctx, "Ring")),
        ("by_sector", _t(ctx, "Activities by sector, change since the previous year"), labels["sector"]),
    ):
        rows = [
            [(r["key"] + " " if r["key"] and r["key"] != r["label"] and not r["key"].isdigit() else "") + r["label"],
             r["previous"], r["current"], r["change"]]
            for r in yoy[key]
        ]  # fmt: skip
        _table(doc, caption, [first, prev, cur, _t(ctx, "Change")], rows)
    for key, heading, caption, empty in (
        (
            "new",
            _t(ctx, "New activities"),
            _t(ctx, "Activities not reported the previous year"),
            _t(ctx, "No new activities."),
        ),
        (
            "ended",
            _t(ctx, "Ended activities"),
            _t(ctx, "Activities reported the previous year and not this year"),
            _t(ctx, "No activity ended."),
        ),
        (
            "continued",
            _t(ctx, "Continued activities"),
            _t(ctx, "Activities reported both years"),
            _t(ctx, "No activity continued."),
        ),
    ):
        doc.add_heading(heading, level=2)
        _activities(doc, ctx, yoy[key], caption, empty)


def _suggestions(doc: DocumentType, ctx: dict[str, Any]) -> None:
    intro = _t(
        ctx,
        "Tags suggested from the activities' titles and descriptions. They are not counted anywhere in this report "
        "until the submitting sector confirms them in its spreadsheet.",
    )
    doc.add_paragraph(f"{intro} {_t(ctx, 'Activities with suggestions: %(n)s.', n=ctx['suggestion_count'])}")
    listing = ctx["suggestions"]
    if listing["total"]:
        labels = ctx["labels"]
        header = [
            labels["activity_id"], labels["title"], labels["sector"], _t(ctx, "Declared action lines"),
            _t(ctx, "Suggested action lines"), _t(ctx, "Declared SDGs"), _t(ctx, "Suggested SDGs"),
            _t(ctx, "Evidence from the text"),
        ]  # fmt: skip
        rows = [
            [r.activity_id, r.title, r.sector, r.action_lines, r.suggested_lines, r.goals, r.suggested_goals,
             r.evidence]
            for r in listing["rows"]
        ]  # fmt: skip
        _table(doc, _t(ctx, "Suggested action lines and SDGs, next to the declared ones"), header, rows)


def _all(doc: DocumentType, ctx: dict[str, Any]) -> None:
    rows = ctx["all_rows"][: len(ctx["all_rows"])]
    if not rows:
        doc.add_paragraph(_t(ctx, "No activities."))
        return
    columns = ctx["all_columns"]
    body = [[_value(r, c.name) for c in columns] for r in rows]
    _table(doc, _t(ctx, "All activities"), [ctx["labels"].get(c.name, c.label) for c in columns], body)


def _quality(doc: DocumentType, ctx: dict[str, Any]) -> None:
    to, raw = ctx["language"], ctx["counts_raw"]
    parts = (  # each count with its noun in the language's plural (French: 0 and 1 take the singular)
        to.ngettext("%(count)s error", "%(count)s errors", raw["errors"]) % {"count": ctx["errors"]},
        to.ngettext("%(count)s warning", "%(count)s warnings", raw["warnings"]) % {"count": ctx["warnings"]},
        to.ngettext("%(count)s row excluded", "%(count)s rows excluded", raw["excluded"])
        % {"count": ctx["excluded_rows"]},
    )
    doc.add_paragraph(_t(ctx, "%(errors)s, %(warnings)s, %(excluded)s.", errors=parts[0], warnings=parts[1],
                         excluded=parts[2]))  # fmt: skip
    if ctx["problem_counts"]:
        rows = [[_p(ctx, "severity", r["severity"]), r["code"], r["count"]] for r in ctx["problem_counts"]]
        _table(doc, _t(ctx, "Problems by rule"), [_t(ctx, "Severity"), _t(ctx, "Code"), _t(ctx, "Problems")], rows)
    if ctx["left_out"]:
        labels = ctx["labels"]
        header = [
            _t(ctx, "File"),
            _t(ctx, "Sheet"),
            _t(ctx, "Row"),
            labels["activity_id"],
            labels["title"],
            _t(ctx, "Problems"),
        ]
        rows = [[r["file"], r["sheet"], r["row"], r["activity_id"], r["title"], r["problems"]] for r in ctx["left_out"]]
        _table(doc, _t(ctx, "Rows left out of this report, with their errors"), header, rows)


def _about(doc: DocumentType, ctx: dict[str, Any]) -> None:
    plan = ctx["plan"]
    about = _t(
        ctx,
        "%(plan)s (%(first)s–%(last)s): ITU's role on each action line and the SDG rings. Source: %(source)s.",
        plan=ctx["plan_title"], first=plan.first_year, last=plan.last_year, source=plan.source,
    )  # fmt: skip
    doc.add_paragraph(_t(ctx, "%(label)s: %(value)s", label=_t(ctx, "Strategic plan"), value=about))
    counting = _t(
        ctx,
        "Each activity counts once per WSIS Action Line (C7's e-sub-lines roll up to C7), once per SDG, and once in "
        "its innermost SDG ring. Suggested tags are shown but never counted.",
    )
    doc.add_paragraph(_t(ctx, "%(label)s: %(value)s", label=_t(ctx, "Counting"), value=counting))
    doc.add_paragraph(_t(ctx, "Made with itu_contrib %(version)s.", version=ctx["version"]))


def render_docx(
    summary: Summary,
    *,
    title: str | None = None,
    stamp: str | None = None,
    narrative: Narrative | None = None,
    lang: Language | str | None = None,
) -> bytes:
    """The report as the bytes of an editable .docx: the HTML report's sections, narrative, tables and counts.

    ``lang`` is the document's language: every heading, sentence, caption, name and number, and the document's
    language property.
    """
    text = narrative or Narrative()
    to = language(lang)
    ctx = _context(summary, title, stamp, text, to, listings=True)
    ctx["language"] = to
    doc = Document()
    _styles(doc)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4; Word rescales to Letter when printing
    section.left_margin = section.right_margin = Cm(2.0)
    props = doc.core_properties
    props.title = ctx["title"]
    props.author = "itu_contrib"
    props.comments = _t(ctx, "Made with itu_contrib %(version)s.", version=ctx["version"])
    fixed = dt.datetime(summary.year or 2000, 1, 1, tzinfo=dt.UTC)  # same input -> same document properties
    props.created = props.modified = fixed
    props.last_modified_by = "itu_contrib"
    props.revision = 1
    props.language = to.code
    doc.add_heading(ctx["title"], level=0)
    values = {"total": ctx["total"], "year": ctx["year"], "plan": ctx["plan_title"]}
    count = int(ctx["total_raw"])
    lede = (
        to.ngettext(
            "%(total)s activity reported for %(year)s by the ITU Sectors and the General Secretariat, tagged against "
            "the WSIS Action Lines and the SDGs as set out in the %(plan)s.",
            "%(total)s activities reported for %(year)s by the ITU Sectors and the General Secretariat, tagged "
            "against the WSIS Action Lines and the SDGs as set out in the %(plan)s.",
            count,
        )
        if ctx["year"]
        else to.ngettext(
            "%(total)s activity reported by the ITU Sectors and the General Secretariat, tagged against the WSIS "
            "Action Lines and the SDGs as set out in the %(plan)s.",
            "%(total)s activities reported by the ITU Sectors and the General Secretariat, tagged against the WSIS "
            "Action Lines and the SDGs as set out in the %(plan)s.",
            count,
        )
    )
    doc.add_paragraph(lede % values, style="Subtitle")
    doc.add_paragraph(to.gettext("Contents"), style="TOC Heading")
    placeholder = _t(ctx, "Update this field (F9) to build the table of contents.")
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', placeholder)
    _update_fields_on_open(doc)
    for sec in ctx["sections"]:
        doc.add_heading(to.gettext(sec.heading), level=1)
        if sec.key == "summary":
            _narrative(doc, text, "introduction", 2)
        _narrative(doc, text, sec.key, 2)
        if sec.group is not None:
            _role(doc, ctx, text, sec.key)
        elif sec.key == "summary":
            _summary(doc, ctx)
        elif sec.key == "ring-targets":
            _ring_targets(doc, ctx, text)
        elif sec.key == "sdg-rings":
            _rings(doc, ctx)
        elif sec.key == "sdg-goals":
            _goals(doc, ctx)
        elif sec.key == "matrix":
            _matrix(doc, ctx)
        elif sec.key == "cross-tabs":
            _crosstabs(doc, ctx)
        elif sec.key == "custodian-indicators":
            _indicators(doc, ctx)
        elif sec.key == "year-over-year":
            _yoy(doc, ctx)
        elif sec.key == "suggestions":
            _suggestions(doc, ctx)
        elif sec.key == "all-activities":
            _all(doc, ctx)
        elif sec.key == "data-quality":
            _quality(doc, ctx)
        elif sec.key == "about":
            _about(doc, ctx)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
