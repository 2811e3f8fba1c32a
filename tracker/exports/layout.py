"""Lays out HTML pages as PDF with WeasyPrint, loading nothing but the app's static files
(see `fetcher`).

Run as `python -m tracker.exports.layout STATIC_FOLDER`, it lays out one page after another:
each page on stdin and each PDF on stdout is an 8-byte length, then the bytes (the page in
UTF-8). It ends when its stdin closes, so it never outlives the process that started it
(`pdf.LayoutProcess`); a page it cannot lay out ends it, with the reason on stderr.
"""
import gc
import struct
import sys

import weasyprint

from tracker.exports.fetcher import BASE_URL, StaticFilesFetcher

HEADER = struct.Struct(">Q")


def layout(page, static_folder):
    return weasyprint.HTML(string=page, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(static_folder)).write_pdf()


def serve(static_folder, source, sink):
    """Lay out each page read from `source` onto `sink`. The objects the imports made live
    as long as the process, so they are frozen out of the garbage collector's reach: a
    packet's layout makes enough objects for about a hundred collections, and walking
    WeasyPrint's own modules in each was a tenth of the layout's time."""
    gc.collect()
    gc.freeze()
    while len(header := source.read(HEADER.size)) == HEADER.size:
        data = layout(source.read(HEADER.unpack(header)[0]).decode(), static_folder)
        sink.write(HEADER.pack(len(data)) + data)
        sink.flush()


if __name__ == "__main__":
    serve(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
