"""Long work through one helper (STYLE item 7): run a callable off the GUI thread.

    op = ops.run(parent, lambda progress: import_legacy(uow, actor, path, progress=progress),
                 label="正在导入花名册…", on_done=show_summary, on_error=show_problem)

An operation that writes says what it touched (`touches=`, kinds from ui/changes.py); once it
has succeeded that goes on the change board, so the pages showing it refresh when next shown.

The callable gets a `progress(done, total)` function; it runs on a QThreadPool and must not
touch widgets (services open their own session from the unit of work). A QProgressDialog
appears only if the work takes longer than ~600 ms; its 取消 button makes the next
`progress()` call raise `Cancelled`, so the service's transaction rolls back. The result or
the exception is delivered by signal on the GUI thread.

Tests call `ops.use_pool(ops.SyncPool())`: the work then runs inline and the signals fire
before `run()` returns.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.errors import Cancelled
from app.ui import changes

log = logging.getLogger(__name__)

PROGRESS_DELAY_MS = 600
Progress = Callable[[int, int], None]
Work = Callable[[Progress], Any]


class SyncPool:
    """A pool that runs the work at once on the calling thread (tests, scripts)."""

    def start(self, fn: Callable[[], None]) -> None:
        fn()

    def waitForDone(self, msecs: int = -1) -> bool:  # noqa: N802 - QThreadPool's name
        return True


_pool: Any = None  # None -> QThreadPool.globalInstance()
_running: set[Op] = set()  # keeps Python wrappers alive until their work has finished


def use_pool(pool: Any) -> Any:
    """Use `pool` (anything with start(callable)) for later operations; returns the previous one."""
    global _pool
    previous, _pool = _pool, pool
    return previous


def pool() -> Any:
    return _pool if _pool is not None else QThreadPool.globalInstance()


def wait_all(msecs: int = -1) -> bool:
    """Wait for running operations (on exit, so no worker outlives the database engine)."""
    return pool().waitForDone(msecs)


class _Relay(QObject):
    """Signals emitted from the worker; queued to the Op, which lives on the GUI thread."""

    progressed = Signal(int, int)
    finished = Signal(bool, object)  # ok, result or exception


class Op(QObject):
    """One running operation. Connect to `succeeded` / `failed` / `done`, or pass callbacks to run()."""

    succeeded = Signal(object)
    failed = Signal(object)  # the exception; Cancelled when the user pressed 取消
    done = Signal()

    def __init__(self, parent: QWidget | None, work: Work, label: str, touches: Iterable[str] = ()) -> None:
        super().__init__(parent)
        self._work, self._label, self._parent = work, label, parent
        self.touches = frozenset(touches)
        self._cancel = threading.Event()
        self._dialog: QProgressDialog | None = None
        self._last = (0, 0)
        self.is_finished = False
        self._delay = QTimer(self, singleShot=True, interval=PROGRESS_DELAY_MS)  # dies with the Op
        self._delay.timeout.connect(self._show_dialog)
        self._relay = _Relay()
        self._relay.progressed.connect(self._on_progress)
        self._relay.finished.connect(self._on_finished)

    def cancel(self) -> None:
        """Ask the work to stop at its next progress call."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def start(self) -> None:
        _running.add(self)
        pool().start(self._run)
        if not self.is_finished:
            self._delay.start()

    @property
    def progress_dialog(self) -> QProgressDialog | None:
        """The progress dialog once shown (after PROGRESS_DELAY_MS), else None."""
        return self._dialog

    def _progress(self, done: int, total: int) -> None:  # worker thread
        if self._cancel.is_set():
            raise Cancelled()
        self._relay.progressed.emit(done, total)

    def _run(self) -> None:  # worker thread: no widgets here
        try:
            result = self._work(self._progress)
        except BaseException as exc:  # noqa: BLE001 - every failure is reported to the GUI thread
            self._relay.finished.emit(False, exc)
        else:
            self._relay.finished.emit(True, result)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self._last = (done, total)
        if self._dialog is not None:
            self._dialog.setMaximum(max(total, 1))
            self._dialog.setValue(min(done, max(total, 1)))

    @Slot(bool, object)
    def _on_finished(self, ok: bool, payload: object) -> None:
        self.is_finished = True
        self._delay.stop()
        if self._dialog is not None:
            self._dialog.reset()
            self._dialog.hide()
            self._dialog.deleteLater()
            self._dialog = None
        _running.discard(self)
        if ok:
            self.succeeded.emit(payload)
            changes.announce(self._parent or self, self.touches)
        else:
            if not isinstance(payload, Cancelled):
                log.info("operation %r failed: %s", self._label, payload)
            self.failed.emit(payload)
        self.done.emit()

    def _show_dialog(self) -> None:
        if self.is_finished:
            return
        tr = QCoreApplication.translate
        dlg = QProgressDialog(self._label, tr("Ops", "取消"), 0, 0, self._parent)
        dlg.setWindowTitle(tr("Ops", "请稍候"))
        dlg.setMinimumDuration(0)
        dlg.setAutoClose(False)
        dlg.setAutoReset(False)
        dlg.canceled.connect(self._on_cancel_clicked)
        done, total = self._last
        if total:
            dlg.setMaximum(total)
            dlg.setValue(done)
        self._dialog = dlg
        dlg.show()

    def _on_cancel_clicked(self) -> None:
        self.cancel()
        if self._dialog is not None:
            self._dialog.setLabelText(QCoreApplication.translate("Ops", "正在取消，已做的修改将全部撤销…"))


def run(parent: QWidget | None, work: Work, *, label: str,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None, touches: Iterable[str] = ()) -> Op:
    """Start `work(progress)` in the background; callbacks run on the GUI thread. `touches`: what
    the work changes when it succeeds (announced from `parent`, after `on_done`)."""
    op = Op(parent, work, label, touches)
    if on_done:
        op.succeeded.connect(on_done)
    if on_error:
        op.failed.connect(on_error)
    op.start()
    return op
