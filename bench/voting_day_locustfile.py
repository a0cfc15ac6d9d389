"""The simulated phones of bench/voting_day_load.py: one locust user per PTPS, one visit each.

Read from the environment (set by voting_day_load.py):
BENCH_PLAN    the plan: per PTPS its session, CSRF secret, arrival time, client_uuids, report,
              sheet figures, photos, and whether it loses its first answer or sends twice;
BENCH_TIMES   where every request's time and answer are written at the end;
BENCH_TARGET  "app" (the real pages) or "healthz" (the baseline: every request to /healthz,
              with the same bodies, cookies and schedule; it answers GET with "ok" and the
              POSTs with 405 after the same middleware, CSRF check included);
BENCH_PHOTOS  the folder of base photos; BENCH_LOST_AFTER seconds a phone set to lose its
              first answer waits for it; BENCH_SPAWN_RATE users started per second.

A visit: sleep until its arrival, GET the Form A page, a short pause, GET the Form A API for a
CSRF token and POST the Form A as form-a.js does (retried with the same client_uuid after a
network error), and after a few simulated minutes GET the
C.Hasil page, POST the sheet and follow the redirect. Every visit runs once, then the user
stops; when the last one is done locust quits.
"""

import json
import os
import time
from pathlib import Path
from typing import Any

import gevent
from locust import HttpUser, events, task
from locust.exception import StopUser

PLAN: list[dict[str, Any]] = json.loads(Path(os.environ["BENCH_PLAN"]).read_text())
TARGET = os.environ.get("BENCH_TARGET", "app")
LOST_AFTER = float(os.environ.get("BENCH_LOST_AFTER", "0.02"))
PHOTOS = [path.read_bytes() for path in sorted(Path(os.environ["BENCH_PHOTOS"]).glob("base-*.jpg"))]
PATHS = {
    "form-a page": "/hari-h/form-a/",
    "form-a api": "/api/v1/hari-h/form-a",
    "c-hasil": "/hari-h/c-hasil/",
}
SPAWN_RATE = int(os.environ.get("BENCH_SPAWN_RATE", "100"))
RETRIES = 5
EXPECTED = {
    "GET form-a page": {200},
    "GET form-a api": {200},
    "POST form-a": {200, 201},  # 200: the same client_uuid again, already kept
    "POST form-a (sent twice)": {200},
    "GET c-hasil page": {200},
    "POST c-hasil": {302},
    "POST c-hasil (sent twice)": {302},
    "GET c-hasil (after post)": {200},
}

state: dict[str, Any] = {
    "next": 0, "t0": 0.0, "done": 0, "retries": 0, "lost": 0, "twice": 0, "unexpected": 0,
    "samples": [], "requests": [],
}  # fmt: skip


def with_comment(photo: bytes, text: str) -> bytes:
    """The JPEG with a comment segment (COM) of its own right after the start marker."""
    comment = text.encode()
    return photo[:2] + b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment + photo[2:]


@events.test_start.add_listener
def on_test_start(environment: Any, **kwargs: Any) -> None:
    # Arrivals count from when every user has been spawned.
    state["t0"] = time.time() + len(PLAN) / SPAWN_RATE + 5


def write_times() -> None:
    out = {key: value for key, value in state.items() if key not in ("next", "t0")}
    Path(os.environ["BENCH_TIMES"]).write_text(json.dumps(out))


@events.quitting.add_listener
def on_quitting(environment: Any, **kwargs: Any) -> None:
    write_times()


class Ptps(HttpUser):
    # One visit per user; the schedule is the plan's, not a wait between tasks.
    wait_time = staticmethod(lambda: 0)  # type: ignore[assignment]

    def on_start(self) -> None:
        self.item = PLAN[state["next"]]
        state["next"] += 1
        self.client.cookies.set("sessionid", self.item["session"])
        self.client.cookies.set("csrftoken", self.item["csrf"])

    def path(self, key: str) -> str:
        return "/healthz" if TARGET == "healthz" else PATHS[key]

    def send(self, method: str, name: str, key: str, *, lose: bool = False, **kwargs: Any) -> Any:
        """One request, retried on network errors and 502-504 (the same body, so the same
        client_uuid); `lose`: give up waiting for the first answer, then send again."""
        for attempt in range(RETRIES + 1):
            timeout = (10, LOST_AFTER) if lose and attempt == 0 else (10, 120)
            started = time.perf_counter()
            response = self.client.request(
                method, self.path(key), name=name, timeout=timeout, allow_redirects=False,
                **kwargs,
            )  # fmt: skip
            ms = (time.perf_counter() - started) * 1000
            status = response.status_code
            lost = lose and attempt == 0 and status == 0
            state["requests"].append({"name": name, "ms": ms, "status": status, "lost": lost})
            if lost:
                state["lost"] += 1
            elif status in (0, 502, 503, 504):
                state["retries"] += 1
                gevent.sleep(min(2**attempt, 8))
            if status not in (0, 502, 503, 504):
                # /healthz answers GET with "ok" and any other method with 405.
                expected = {200, 405} if TARGET == "healthz" else EXPECTED[name]
                if status not in expected:
                    state["unexpected"] += 1
                    if len(state["samples"]) < 20:
                        state["samples"].append([name, status, response.text[:500]])
                return response
        state["unexpected"] += 1
        return response

    @task
    def visit(self) -> None:
        item = self.item
        gevent.sleep(max(0.0, state["t0"] + item["arrival"] - time.time()))
        self.send("GET", "GET form-a page", "form-a page")
        gevent.sleep(item["think"])
        photos = [
            with_comment(PHOTOS[index], f"{item['form_uuid']} foto {n}")
            for n, index in enumerate(item["photos"], 1)
        ]
        # As form-a.js does: ask the API for a fresh CSRF token, then send.
        answer = self.send("GET", "GET form-a api", "form-a api")
        token = answer.json()["csrf"] if TARGET == "app" else item["csrf"]
        report = {"client_uuid": item["form_uuid"], "revision": 1, "final": True,
                  "data": item["report"]}  # fmt: skip
        body = {
            "data": {"report": json.dumps(report)},
            "files": [("photos", (f"foto-{n}.jpg", photo, "image/jpeg")) for n, photo in enumerate(photos, 1)],
            "headers": {"X-CSRFToken": token, "Accept": "application/json"},
        }  # fmt: skip
        self.send("POST", "POST form-a", "form-a api", lose=item["lose_first_answer"], **body)
        if item["send_twice"]:
            state["twice"] += 1
            self.send("POST", "POST form-a (sent twice)", "form-a api", **body)
        gevent.sleep(item["gap"])
        self.send("GET", "GET c-hasil page", "c-hasil")
        gevent.sleep(item["think"])
        form = {"csrfmiddlewaretoken": item["csrf"], "client_uuid": item["sheet_uuid"]}
        form.update({path: str(value) for path, value in item["sheet"].items()})
        self.send("POST", "POST c-hasil", "c-hasil", lose=item["lose_first_answer"], data=form)
        if item["send_twice"]:
            self.send("POST", "POST c-hasil (sent twice)", "c-hasil", data=form)
        self.send("GET", "GET c-hasil (after post)", "c-hasil")
        state["done"] += 1
        if state["done"] == len(PLAN):
            gevent.spawn_later(1, self.environment.runner.quit)  # type: ignore[union-attr]
        raise StopUser
