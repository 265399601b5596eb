"""Static files for production: WhiteNoise's compressed files with hashed names."""

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names, ES module imports included.

    Our scripts are ES modules that import each other (`./drafts.js`): the
    imports are rewritten to the hashed names too, so a page never runs one
    release's `main.js` with another's `drafts.js` from a cache. Only our own
    scripts (`js/`): Django's import patterns misread third-party ones (htmx's
    extensions), and they import nothing.
    """

    patterns = (
        *CompressedManifestStaticFilesStorage.patterns,
        # Django's own ES module patterns: private, and guarded by
        # tests/journeymap/test_static_storage.py; the stubs do not list them.
        ("js/*.js", HashedFilesMixin._js_module_import_aggregation_patterns[1]),  # type: ignore[attr-defined]
    )
