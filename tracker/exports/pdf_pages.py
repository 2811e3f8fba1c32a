"""The PDFs of a document's runs (see `parts`) put back together as one, with its pages
numbered.

No run knows how many pages the runs before it have, so the numbers ("3 / 21", at the foot
of each page on the right) are added here, to every PDF alike, in Helvetica, which every
PDF reader has and which is therefore not embedded. The document's title, author,
language and outline come along with its pages. Each run embeds its own subsets of the
fonts, which WeasyPrint names after the font alone, so the runs after the first get new
subset names: one file must not hold two different subsets under the same name.
"""
import hashlib
import io
import string

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
    for run, reader in enumerate(readers):
        if run:
            _rename_subsets(reader, run)
        writer.append(reader)
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, 1):
        _number(page, f"{number} / {total}")
    if readers[0].metadata:
        writer.add_metadata(readers[0].metadata)
    language = readers[0].trailer["/Root"].get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = language
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _rename_subsets(reader, run):
    """Give the font subsets of the `run`th PDF names of their own ("ABCDEF+DejaVu-Sans":
    the six letters before the plus), where the font names them: its base font, its
    descendant's, and their descriptors."""
    renamed = set()
    for page in reader.pages:
        fonts = page.get("/Resources", DictionaryObject()).get_object().get("/Font", DictionaryObject()).get_object()
        for font in (reference.get_object() for reference in fonts.values()):
            for part in [font, *(descendant.get_object() for descendant in font.get("/DescendantFonts", []))]:
                if id(part) in renamed:
                    continue
                renamed.add(id(part))
                descriptor = part.get("/FontDescriptor")
                for holder, key in ((part, "/BaseFont"), (descriptor.get_object() if descriptor else None, "/FontName")):
                    if holder is not None and key in holder:
                        holder[NameObject(key)] = NameObject(_subset_name(str(holder[key]), run))


def _subset_name(name, run):
    """`name` with a subset tag of its own for the `run`th PDF (a name without one is kept)."""
    tag, plus, font = name[1:].partition("+")
    if not plus or len(tag) != 6 or not tag.isupper():
        return name
    digest = hashlib.sha256(f"{run}{tag}".encode()).digest()
    return "/" + "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6]) + "+" + font


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
    resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
    fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
    fonts[FONT] = HELVETICA
    page.compress_content_streams()
