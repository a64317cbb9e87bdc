import numpy as np
import pandas as pd
import pytest

from sklearn_dsr.leaderboard import (
    MODELS,
    SYSTEMS,
    build_model,
    leaderboard_markdown,
    make_tasks,
    run_leaderboard,
    score_model,
)
from sklearn_dsr.utils import all_estimators


def test_every_reconstruction_model_is_on_the_board():
    regressors = {name for name, cls in all_estimators() if hasattr(cls, "simulate")}
    assert {cls_name for _, cls_name in MODELS.values()} == regressors
    assert len(SYSTEMS) >= 6


def test_tasks_have_held_out_data_from_another_start():
    (task,) = make_tasks(["lorenz63"], budget="quick")
    assert task.train.shape == task.test.shape == (2000, 3)
    assert not np.allclose(task.train[0], task.test[0])
    assert task.lyapunov == pytest.approx(0.906, rel=0.01)


def test_real_files_need_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="Benchmark files"):
        make_tasks([], data_dir=tmp_path)


def test_build_model_applies_budget_and_overrides():
    (task,) = make_tasks(["rossler"], budget="quick")
    model = build_model("alrnn", task, budget="quick", params={"n_latent": 7})
    assert model.max_epochs == 3 and model.n_latent == 7 and model.dt == task.dt
    with pytest.raises(ValueError, match="Unknown model"):
        build_model("nope", task)


def test_scores_of_a_good_model_beat_a_bad_one():
    (task,) = make_tasks(["lorenz63"], budget="quick")
    good = build_model("sindy", task).fit(task.train)
    bad = build_model("koopman", task).fit(task.train)
    good_scores, bad_scores = score_model(good, task), score_model(bad, task)
    assert good_scores["D_stsp"] < bad_scores["D_stsp"]
    assert good_scores["VPT"] > bad_scores["VPT"]
    # the linear Koopman model's free run decays onto a fixed point
    assert bad_scores["settled"] and not good_scores["settled"]


def test_failed_cells_are_reported_not_raised():
    tasks = make_tasks(["rossler"], budget="quick")
    table = run_leaderboard(tasks, ["ngrc"], params={"ngrc": {"n_delays": -1}})
    assert "InvalidParameterError" in table.loc[0, "error"]
    assert "failed" in leaderboard_markdown(table)


def test_diverged_cells_rank_last():
    table = pd.DataFrame(
        {
            "model": ["a", "b"],
            "system": ["s", "s"],
            "D_stsp": [np.nan, 2.0],
            "D_H": [np.nan, 0.5],
            "VPT": [0.1, 0.5],
            "sMAPE": [np.nan, 10.0],
            "fit_s": [1.0, 1.0],
            "simulate_steps_per_s": [1e4, 1e4],
            "error": ["diverged after 12 steps", None],
        }
    )
    text = leaderboard_markdown(table)
    assert "diverged" in text
    assert "| b | 1.0 | 1.0 | 1.0 |" in text


def test_settled_free_runs_are_listed():
    table = pd.DataFrame(
        {
            "model": ["a", "b"],
            "system": ["s", "s"],
            "D_stsp": [16.0, 2.0],
            "D_H": [0.9, 0.5],
            "VPT": [0.1, 0.5],
            "sMAPE": [90.0, 10.0],
            "fit_s": [1.0, 1.0],
            "simulate_steps_per_s": [1e4, 1e4],
            "settled": [True, False],
            "error": [None, None],
        }
    )
    text = leaderboard_markdown(table)
    assert "### Free runs that settle onto a fixed point\n\n- a on s\n" in text
    assert "- b on s" not in text
