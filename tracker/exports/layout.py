"""Lays out an HTML page as PDF with WeasyPrint, loading nothing but the app's static files
(see `fetcher`). Run as `python -m tracker.exports.layout STATIC_FOLDER`, it reads the page
on stdin and writes the PDF to stdout: `pdf` runs it that way, in a process of its own."""
import sys

import weasyprint

from tracker.exports.fetcher import BASE_URL, StaticFilesFetcher


def layout(page, static_folder):
    return weasyprint.HTML(string=page, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(static_folder)).write_pdf()


if __name__ == "__main__":
    sys.stdout.buffer.write(layout(sys.stdin.buffer.read().decode(), sys.argv[1]))
