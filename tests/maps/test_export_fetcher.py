"""The fetcher WeasyPrint renders with reads data: URLs and our own files, nothing else."""

import pytest
from django.conf import settings

from maps.export.fetcher import LockedURLFetcher, Refused


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "file://localhost/etc/passwd",
        "http://127.0.0.1:8000/",
        "https://example.com/logo.png",
        "ftp://example.com/file",
        "gopher://example.com/",
    ],
)
def test_it_refuses_urls_outside_our_roots(url):
    fetcher = LockedURLFetcher()
    with pytest.raises(Refused):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.served == []


def test_it_serves_our_print_stylesheet():
    stylesheet = settings.BASE_DIR / "static" / "css" / "print.css"
    response = LockedURLFetcher().fetch(stylesheet.as_uri())
    assert b"Inter" in response.read()
    assert response.content_type == "text/css"


def test_it_serves_files_under_the_media_root(media_root):
    photo = media_root / "personas" / "nell.png"
    photo.parent.mkdir()
    photo.write_bytes(b"\x89PNG fake")
    response = LockedURLFetcher().fetch(photo.as_uri())
    assert response.read() == b"\x89PNG fake"


def test_it_refuses_a_path_that_climbs_out_of_a_root(media_root):
    with pytest.raises(Refused):
        LockedURLFetcher().fetch(f"file://{media_root}/../../../etc/passwd")


def test_it_refuses_a_symlink_that_points_out_of_a_root(media_root):
    (media_root / "innocent.png").symlink_to("/etc/passwd")
    with pytest.raises(Refused):
        LockedURLFetcher().fetch((media_root / "innocent.png").as_uri())


def test_it_refuses_a_missing_file_and_a_folder(media_root):
    fetcher = LockedURLFetcher()
    with pytest.raises(Refused):
        fetcher.fetch((media_root / "missing.png").as_uri())
    with pytest.raises(Refused):
        fetcher.fetch(media_root.as_uri())


def test_it_serves_data_urls():
    response = LockedURLFetcher().fetch("data:text/plain;base64,UGFyY291cnM=")
    assert response.read() == b"Parcours"


def test_even_unescaped_html_cannot_make_weasyprint_read_or_embed_a_local_file():
    """Defence in depth: the template escapes user text, and the fetcher refuses anyway."""
    from weasyprint import HTML

    from tests.maps.pdf_text import reader

    fetcher = LockedURLFetcher()
    html = (
        '<img src="file:///etc/passwd">'
        '<a rel="attachment" href="file:///etc/passwd">passwd</a>'
        '<div style="background: url(http://127.0.0.1:9/track.png)">x</div>'
        '<link rel="stylesheet" href="https://127.0.0.1:9/evil.css">'
    )
    content = HTML(string=html, url_fetcher=fetcher).write_pdf()
    assert "file:///etc/passwd" in fetcher.refused
    assert "http://127.0.0.1:9/track.png" in fetcher.refused
    assert "https://127.0.0.1:9/evil.css" in fetcher.refused
    assert fetcher.served == []
    assert reader(content).attachments == {}
    assert b"root:x:0:0" not in content
