"""Stage 6: the scheduled re-extraction job (incremental, crash-safe, never duplicating)."""

from kg.jobs.config import JobConfig, load_job
from kg.jobs.runner import RunReport, run_job
from kg.jobs.state import State

__all__ = ["JobConfig", "RunReport", "State", "load_job", "run_job"]
