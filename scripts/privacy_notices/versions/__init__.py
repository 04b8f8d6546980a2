"""The version model: types, the status of a version on a date, the frozen archive and its chain.

- :mod:`.status`: a document's history as entries, and :func:`statuses`, the one pure function that
  says which version is current, superseded, upcoming, amended or withdrawn on a date;
- :mod:`.archive`: the frozen files under ``versions/``, their manifest, freezing and reading;
- :mod:`.stat_cache`: their checksums kept between runs, keyed by each file's stat;
- :mod:`.chain`: the hash chain over each document's versions and the group head;
- :mod:`.carry`: one change carried into another version's text and data (``record --all`` before an
  announced revision);
- :mod:`.atomic`: writing a file whole or not at all, and a set of files all or nothing.

Nothing here imports the loader, the renderer or a command: every stage asks it.
"""

from .archive import MANIFEST, VERSIONS, Archive, Frozen, blob_id, dump_json, manifest_missing
from .atomic import all_or_nothing, write_atomic
from .chain import GENESIS, Link, chain_link, digest, group_head
from .status import STATUSES, Dates, Entry, Status, Version, dates_on, entries, in_force, statuses

__all__ = ["MANIFEST", "VERSIONS", "Archive", "Frozen", "blob_id", "dump_json", "manifest_missing",
           "all_or_nothing", "write_atomic", "GENESIS", "Link", "chain_link", "digest", "group_head",
           "STATUSES", "Dates", "Entry", "Status", "Version", "dates_on", "entries", "in_force", "statuses"]
