"""The PDFs of a document's runs (see `parts`) put back together as one, with its pages
numbered.

No run knows how many pages the runs before it have, so the numbers ("3 / 21", at the foot
of each page on the right) are added here, to every PDF alike, in Helvetica, which every
PDF reader has and which is therefore not embedded. The document's title, author and
outline come along with its pages.
"""
import io

import pypdf
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

FONT = NameObject("/TrackerPageNumber")
HELVETICA = DictionaryObject({
    NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
    NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding")})
WIDTHS = dict.fromkeys("0123456789", 556) | {" ": 278, "/": 278}  # Helvetica, thousandths of the size
SIZE = 8  # points
RIGHT = 15 / 25.4 * 72  # the number ends 15 mm from the right edge,
BASELINE = 9 / 25.4 * 72  # on a line 9 mm above the bottom edge
GREY = "0.29 0.325 0.376"  # the documents' muted text colour


def join(pdfs):
    """One PDF of the pages of `pdfs`, in order, numbered."""
    writer = pypdf.PdfWriter()
    readers = [pypdf.PdfReader(io.BytesIO(data)) for data in pdfs]
    for reader in readers:
        writer.append(reader)
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, 1):
        _number(page, f"{number} / {total}")
    if readers[0].metadata:
        writer.add_metadata(readers[0].metadata)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _number(page, label):
    """Write `label` at the foot of `page`, after its own drawing, which is wrapped in a
    saved graphics state so that nothing it leaves set moves or colours the number."""
    width = sum(WIDTHS[character] for character in label) * SIZE / 1000
    left = float(page.mediabox.right) - RIGHT - width
    number = f"Q\nq BT /{FONT[1:]} {SIZE} Tf {GREY} rg {left:.2f} {BASELINE:.2f} Td ({label}) Tj ET Q\n"
    drawn = page.get_contents()
    contents = DecodedStreamObject()
    contents.set_data(b"q\n" + (drawn.get_data() if drawn is not None else b"") + b"\n" + number.encode())
    page.replace_contents(contents)
    resources = page[NameObject("/Resources")].get_object()
    fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    fonts[FONT] = HELVETICA
    page.compress_content_streams()
