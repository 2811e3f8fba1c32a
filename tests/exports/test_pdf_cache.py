"""Laid-out PDFs are kept by the page they came from: the same document again is not laid
out again, a changed one is, and the folder stays small and private."""
import os
import stat
import time

from tests.exports.test_brag_document import document
from tracker.exports import FORMATS, pdf_cache
from tracker.extensions import db


def kept_files(app):
    folder = app.config["PDF_CACHE_DIR"]
    return sorted(name for name in os.listdir(folder) if name.endswith(".pdf")) if os.path.isdir(folder) else []


def test_the_same_document_is_laid_out_once_and_a_changed_one_again(app, evidence):
    first = FORMATS["pdf"].render(document(evidence))
    [name] = kept_files(app)
    path = os.path.join(app.config["PDF_CACHE_DIR"], name)
    with open(path, "wb") as handle:  # what the cache holds is what is served
        handle.write(first + b"%kept")
    assert FORMATS["pdf"].render(document(evidence)) == first + b"%kept"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(app.config["PDF_CACHE_DIR"]).st_mode) == 0o700

    evidence.candidate.name = "Cara C. Candidate"
    db.session.flush()
    changed = FORMATS["pdf"].render(document(evidence))
    assert not changed.endswith(b"%kept") and changed.startswith(b"%PDF-")
    assert len(kept_files(app)) == 2


def test_stale_copies_are_not_served_and_the_folder_is_trimmed(tmp_path):
    folder = str(tmp_path)
    now = time.time()
    for index in range(pdf_cache.MAX_FILES + 6):
        pdf_cache.keep(folder, f"{index:04d}", b"%PDF-" + str(index).encode())
        os.utime(os.path.join(folder, f"{index:04d}.pdf"), (now - index, now - index))  # 0000 is the newest
    os.utime(os.path.join(folder, "0001.pdf"), (now - pdf_cache.MAX_AGE - 5,) * 2)
    assert pdf_cache.read(folder, "0001") is None  # too old to serve
    assert pdf_cache.read(folder, "0000") == b"%PDF-0"
    pdf_cache.trim(folder, now)
    names = sorted(os.listdir(folder))
    assert len(names) == pdf_cache.MAX_FILES - 1  # the 64 newest, less the stale one
    assert "0001.pdf" not in names and f"{pdf_cache.MAX_FILES - 1:04d}.pdf" not in names
    assert not any(name.endswith(".part") for name in names)


def test_a_cache_that_cannot_be_written_is_skipped_and_leftovers_are_cleared(tmp_path, caplog):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the folder should be")
    pdf_cache.keep(str(blocked), "abc", b"%PDF-")  # no error: the PDF is served all the same
    assert "Could not keep a laid-out PDF" in caplog.text
    folder = tmp_path / "cache"
    folder.mkdir()
    left, fresh = folder / "tmp1.part", folder / "tmp2.part"
    left.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    os.utime(left, (time.time() - 7200,) * 2)
    pdf_cache.trim(str(folder))
    assert sorted(os.listdir(folder)) == ["tmp2.part"]  # a write in progress is left alone
