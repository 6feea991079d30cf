"""Worker processes for tests/test_stress.py (run as scripts, one database each test).

    python writer.py rmw URL PERSON SECONDS   read-modify-write a counter; print counts
    python writer.py add URL                  add people until killed; print each id once
                                              its transaction has committed
"""

import sys
import time

from psccore.app import Psc
from psccore.errors import ConcurrentEdit


def read_modify_write(url: str, person_id: int, seconds: float) -> None:
    """Add one to the counter (the person's address) again and again; a stale version is
    refused, so the worker reads again and retries: no increment can be lost."""
    psc = Psc.open(url, staff="admin")
    done = retried = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        person = psc.get_person(person_id)
        try:
            psc.update_person(person_id, {"address": str(int(person.address or 0) + 1)},
                              expected_version=person.version)
            done += 1
        except ConcurrentEdit:
            retried += 1
    print(done, retried, flush=True)


def add_until_killed(url: str) -> None:
    psc = Psc.open(url, staff="admin")
    n = 0
    while True:
        person = psc.add_person({"name": f"確認 {n}", "kana": "カクニン"}, allow_duplicate=True)
        print(person.id, flush=True)  # acknowledged: committed before this line
        n += 1


if __name__ == "__main__":
    if sys.argv[1] == "rmw":
        read_modify_write(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    else:
        add_until_killed(sys.argv[2])
