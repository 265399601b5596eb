"""Production static files: our ES modules import each other by hashed name."""

import re
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from journeymap.storage import StaticStorage

IMPORT = re.compile(r"""^import .* from "(?P<url>[./][^"]+)";$""", re.MULTILINE)


def test_every_import_of_our_scripts_names_a_hashed_file(tmp_path: Path) -> None:
    static = Path(settings.BASE_DIR) / "static"
    source = FileSystemStorage(location=static)
    storage = StaticStorage(location=tmp_path, base_url="/static/")
    scripts = [path.relative_to(static).as_posix() for path in (static / "js").rglob("*.js")]
    for path in scripts:
        with source.open(path) as content:
            storage.save(path, content)
    found = {path: (source, path) for path in scripts}
    for _name, _hashed, processed in storage.post_process(found):
        assert not isinstance(processed, Exception), processed

    main = storage.stored_name("js/live/main.js")
    assert main != "js/live/main.js"
    imports = 0
    for path in scripts:
        hashed = Path(storage.path(storage.stored_name(path)))
        for match in IMPORT.finditer(hashed.read_text()):
            imported = (hashed.parent / match["url"]).resolve()
            where = f"{path} imports {match['url']}"
            assert imported.exists(), where
            assert re.search(r"\.[0-9a-f]{12}\.js$", imported.name), where
            imports += 1
    assert imports >= 6
