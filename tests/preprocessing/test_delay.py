import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_array_equal

from sklearn_dsr.preprocessing import DelayEmbedding


def test_drop_and_edge_padding():
    X = np.arange(12.0).reshape(6, 2)
    out = DelayEmbedding(n_delays=3, delay=2, padding="drop").fit_transform(X)
    assert_array_equal(out, [[8, 9, 4, 5, 0, 1], [10, 11, 6, 7, 2, 3]])
    edge = DelayEmbedding(n_delays=3, delay=2).fit_transform(X)
    assert edge.shape == (6, 6)
    assert_array_equal(edge[0], [0, 1, 0, 1, 0, 1])
    assert_array_equal(edge[-2:], out)


def test_feature_names_and_pandas_output():
    df = pd.DataFrame({"v": np.arange(5.0), "w": np.arange(5.0) * 2})
    emb = DelayEmbedding(n_delays=2, delay=3).set_output(transform="pandas").fit(df)
    assert list(emb.get_feature_names_out()) == ["v", "w", "v_lag3", "w_lag3"]
    out = emb.transform(df)
    assert isinstance(out, pd.DataFrame) and list(out.columns)[2] == "v_lag3"
    assert_array_equal(emb.inverse_transform(out.to_numpy()), df.to_numpy())


def test_too_few_samples():
    with pytest.raises(ValueError, match="needs at least 7 time steps"):
        DelayEmbedding(n_delays=4, delay=2).fit(np.ones((6, 1)))
