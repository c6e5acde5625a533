"""Watching the files a served site is built from, for `chronology serve`.

MkDocs' live-reload server polls: twice a second it lists and stats every watched file, which at
13,000 data files takes a good part of a core and sees a save only at its next pass. The system's
own notification (inotify, FSEvents, ReadDirectoryChanges, as watchdog chooses) is used instead,
and only for what changes a file: a build reading the data must not ask for another build. When
the system cannot watch at all (inotify's limits reached), the files are polled, as MkDocs does;
where it watches but does not report (a network mount, a folder shared into a virtual machine),
`chronology serve --poll` polls them.
"""

from __future__ import annotations

import logging

from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileAttribEvent, FileClosedEvent,
                             FileCreatedEvent, FileDeletedEvent, FileModifiedEvent, FileMovedEvent)
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

log = logging.getLogger("mkdocs.plugins.chronology")

CHANGES = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent, FileClosedEvent, FileAttribEvent,
           DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
POLL_SECONDS = 0.5  # as MkDocs polls


def change_watcher(polling):
    """A ChangeWatcher, or `polling` (MkDocs' observer) when the system has no watcher to give."""
    try:
        return ChangeWatcher()
    except OSError as error:
        _polling_instead(error)
        return polling


def _polling_instead(error: OSError) -> None:
    log.warning(f"the system cannot report changes to the files ({error.strerror or error}); polling them instead")


class ChangeWatcher(Observer):
    """An observer for LiveReloadServer.observer: notified by the system of changes to files, or
    polling them all when the system cannot watch one of them."""

    def __init__(self) -> None:
        super().__init__()
        self.polling: PollingObserver | None = None
        self._asked: list[tuple] = []

    def schedule(self, event_handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        self._asked.append((event_handler, path, recursive))
        return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or CHANGES,
                                follow_symlink=follow_symlink)

    def start(self) -> None:
        try:
            super().start()
        except OSError as error:
            _polling_instead(error)
            self.unschedule_all()
            self.polling = PollingObserver(timeout=POLL_SECONDS)
            for handler, path, recursive in self._asked:
                self.polling.schedule(handler, path, recursive=recursive)
            self.polling.start()

    def stop(self) -> None:
        if self.polling is not None:
            self.polling.stop()
        elif self.is_alive():
            super().stop()

    def join(self, timeout: float | None = None) -> None:
        if self.polling is not None:
            self.polling.join(timeout)
        elif self.is_alive():
            super().join(timeout)
