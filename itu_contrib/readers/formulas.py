"""Formulas that reach outside the workbook: DDE, external links, web and native calls."""

from __future__ import annotations

import re

from itu_contrib.i18n import Text

#: Longest formula text looked at (Excel's own limit is 8,192 characters): the test stays linear and bounded.
MAX_FORMULA_CHARS = 8_192

_STRING = re.compile(r'"[^"]*+"')
# Functions that call the network, native code or other programs; an optional dotted prefix covers Excel's
# storage names (_xlfn.WEBSERVICE, _xll.ADDIN) and LibreOffice's (COM.MICROSOFT.WEBSERVICE).
_CALLS = re.compile(
    r"(?<![\w.])(?:[A-Za-z_]\w*\.)*?"
    r"(WEBSERVICE|FILTERXML|CALL|REGISTER\.ID|REGISTER|EXEC|EXECUTE|INITIATE|REQUEST|POKE|RTD|DDE|"
    r"IMPORTXML|IMPORTDATA|IMPORTHTML|IMPORTFEED|IMPORTRANGE|IMAGE)\s*+\(",
    re.IGNORECASE,
)
_ADDIN = re.compile(r"(?<![\w.])_xll\.", re.IGNORECASE)
# DDE: application|topic!item (=cmd|' /C calc'!A0, =MSEXCEL|'\..\..\Windows\System32\cmd.exe'!'').
_DDE = re.compile(r"[\w.\-]+\s*+\|")
# A reference to another workbook: [1]Sheet!A1 as stored in xlsx, [Book.xlsx]Sheet!A1 as typed, or a file URL
# ('file:///C:/x.ods'#$Sheet1.A1 in ODS).
_EXTERNAL = re.compile(r"\[[1-9]\d*+\]|\[[^\[\]]*\.(?:xl\w*|ods|csv)\]|'(?:file|https?|ftp|smb):", re.IGNORECASE)
# HYPERLINK whose target is not a literal http(s) URL (a file, a UNC path, a computed target).
_HYPERLINK = re.compile(r"(?<![\w.])(?:[A-Za-z_]\w*\.)*?HYPERLINK\s*+\(\s*+(?!\"https?://)", re.IGNORECASE)


def dangerous_formula(formula: str) -> Text | None:
    """What makes ``formula`` reach outside the workbook (a short translatable phrase), or None when it does not.

    >>> str(dangerous_formula("=cmd|' /C calc'!A0")), str(dangerous_formula('=WEBSERVICE("http://x")'))
    ('a DDE call to another program', 'a web or external call (WEBSERVICE)')
    >>> str(dangerous_formula("=[1]Prices!B2")), str(dangerous_formula('=HYPERLINK("file:///c:/x.exe")'))
    ('a reference to another workbook', 'a link to a place that is not a web page (HYPERLINK)')
    >>> dangerous_formula('=HYPERLINK("https://itu.int","ITU")'), dangerous_formula('=SUM(A1:A3)&"|x"')
    (None, None)
    """
    text = formula[:MAX_FORMULA_CHARS]
    if _HYPERLINK.search(text):
        return Text.of("a link to a place that is not a web page (HYPERLINK)")
    code = _STRING.sub('""', text)  # names and pipes inside string literals are only text
    call = _CALLS.search(code)
    if call:
        return Text.of("a web or external call ({function})", function=call.group(1).upper())
    if _ADDIN.search(code):
        return Text.of("a call into an add-in")
    if _DDE.search(code):
        return Text.of("a DDE call to another program")
    if _EXTERNAL.search(code):
        return Text.of("a reference to another workbook")
    return None
