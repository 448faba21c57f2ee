"""The profile summary sums py-spy's samples by the layer of the innermost frame."""

from __future__ import annotations

from bench.profile import summarize


def test_samples_are_summed_by_the_layer_of_their_innermost_frame() -> None:
    raw = "\n".join(
        [
            "run (uvloop/loop.py:1);handle (starlette/app.py:2);execute (psycopg/c.py:3) 7",
            "run (uvloop/loop.py:1);search (patronage/directory/search.py:4) 2",
            "run (uvloop/loop.py:1);dumps (somewhere.py:5) 1",
            "run (uvloop/loop.py:1);route (fastapi/routing.py:6) 3",
            "not a sample line",
        ]
    )

    assert summarize(raw) == {
        "psycopg (driver)": 7,
        "FastAPI / Starlette": 3,
        "Patronage": 2,
        "other": 1,
    }
