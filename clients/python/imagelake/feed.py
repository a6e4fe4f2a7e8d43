"""The incremental feed of a zone, resumable exactly where the trainer stopped."""

import json
import os
import tempfile
import time


class FeedIterator:
    """Every image of the tenant that entered ``zone`` (``gold`` or ``silver``), each once, in order.

    The position is kept in ``state_path`` (a small JSON file, replaced atomically): the cursor of
    the page being read and the ids of that page already handed out. An image counts as consumed
    when the next one is asked for, or at :meth:`commit`; so after a crash, a restart hands out again
    at most the image that was in the trainer's hands, and never skips one. The page is read again
    on resume and the ids taken from it are passed over, which stays exact even if an image of the
    page was erased meanwhile.

    With ``follow=False`` iteration ends once the feed is caught up; with ``follow=True`` it waits
    ``poll_seconds`` and asks again, for ever.
    """

    def __init__(self, client, zone="gold", state_path=None, limit=100, follow=False, poll_seconds=5.0):
        self.client = client
        self.zone = zone
        self.state_path = state_path
        self.limit = limit
        self.follow = follow
        self.poll_seconds = poll_seconds
        state = self._load()
        self._cursor = state.get("cursor")
        self._taken = list(state.get("taken", []))
        self._page = []
        self._next_cursor = None
        self._pending = None
        self._fetched = False

    def __iter__(self):
        return self

    def __next__(self):
        self.commit()
        while True:
            if not self._fetched:
                self._fetch()
            if self._page:
                item = self._page.pop(0)
                self._pending = item["imageId"]
                return item
            if self._next_cursor != self._cursor:
                self._cursor = self._next_cursor
                self._taken = []
                self._fetched = False
                self._save()
                continue
            if not self.follow:
                raise StopIteration
            time.sleep(self.poll_seconds)
            self._fetched = False

    def commit(self):
        """Marks the image last handed out as consumed, durably."""
        if self._pending is not None:
            self._taken.append(self._pending)
            self._pending = None
            self._save()

    @property
    def position(self):
        """The saved position: the page's cursor and the ids of it already consumed."""
        return {"zone": self.zone, "cursor": self._cursor, "taken": list(self._taken)}

    def _fetch(self):
        page = self.client.get_json("/api/v1/feed", zone=self.zone, since=self._cursor, limit=self.limit)
        taken = set(self._taken)
        self._page = [item for item in page["items"] if item["imageId"] not in taken]
        self._next_cursor = page["nextCursor"]
        self._fetched = True

    def _load(self):
        if not self.state_path or not os.path.exists(self.state_path):
            return {}
        with open(self.state_path, encoding="utf-8") as f:
            state = json.load(f)
        if state.get("zone") != self.zone:
            raise ValueError(f"{self.state_path} holds a position in the {state.get('zone')} feed, not {self.zone}")
        return state

    def _save(self):
        if not self.state_path:
            return
        directory = os.path.dirname(os.path.abspath(self.state_path))
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".feed-", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(self.position, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, self.state_path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
