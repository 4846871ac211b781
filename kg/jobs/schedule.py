"""Running a job on a schedule with APScheduler (never two runs at once).

>>> parse_every("30m"), parse_every("2h"), parse_every("45s"), parse_every("1d")
(1800, 7200, 45, 86400)
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from kg.errors import KGError

log = logging.getLogger(__name__)


def parse_every(text: str) -> int:
    """Seconds of an interval like ``30m``, ``2h``, ``45s``, ``1d``."""
    m = re.fullmatch(r"\s*(\d+)\s*([smhd])\s*", text)
    if not m:
        raise KGError(f"--every {text!r}: use a number and s, m, h or d (e.g. 30m)")
    return int(m.group(1)) * {"s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]


def schedule(run: Callable[[], None], every: str | None = None, cron: str | None = None,
             run_now: bool = True) -> None:
    """Block, calling ``run`` every interval or on a crontab line; overlapping runs are skipped.

    ``max_instances=1`` keeps the scheduler from starting a run while one is going;
    the job's own file lock also keeps a manual ``kg job run`` from overlapping.
    """
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger
    from apscheduler.triggers.interval import IntervalTrigger

    if bool(every) == bool(cron):
        raise KGError("give exactly one of --every or --cron")
    trigger = IntervalTrigger(seconds=parse_every(every)) if every else CronTrigger.from_crontab(cron)

    def guarded() -> None:
        try:
            run()
        except KGError as exc:
            log.warning("run skipped: %s", exc)
        except Exception:
            log.exception("run failed; the next one will retry")

    scheduler = BlockingScheduler()
    scheduler.add_job(guarded, trigger, max_instances=1, coalesce=True, misfire_grace_time=300, id="kg-job")
    if run_now:
        guarded()
    log.info("scheduled: %s", trigger)
    scheduler.start()
