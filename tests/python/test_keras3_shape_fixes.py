"""rbridge.keras3_shape_fixes: symbolic shapes as Keras 2.15 gave them (and as the eager call
computes them), on the engine the suite runs on."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from rbridge.keras3_shape_fixes import fix_multi_head_attention_scores

# On Keras 2.15 the function returns the layer as it is: the same assertions then check that
# Keras 2.15 itself gives these shapes (what rbridge restores on Keras 3).
pytestmark = pytest.mark.engine_dependent


@pytest.mark.parametrize("query_len, value_len", [(8, 4), (3, 5), (6, 6)])
def test_symbolic_attention_scores_have_the_shape_the_computation_gives(query_len, value_len):
    layer = fix_multi_head_attention_scores(keras.layers.MultiHeadAttention(num_heads=2, key_dim=2))
    query, value = keras.Input((query_len, 16)), keras.Input((value_len, 16))
    output, scores = layer(query, value, return_attention_scores=True)
    assert tuple(output.shape) == (None, query_len, 16)
    assert tuple(scores.shape) == (None, 2, query_len, value_len)
    # what the layer computes on arrays: the independent truth for the shape
    _, computed = layer(np.zeros((1, query_len, 16)), np.zeros((1, value_len, 16)), return_attention_scores=True)
    assert tuple(computed.shape) == (1, 2, query_len, value_len)
    # without scores, the output alone, as before
    assert tuple(layer(query, value).shape) == (None, query_len, 16)


def test_the_fixed_layer_keeps_keras_class_and_config():
    layer = fix_multi_head_attention_scores(keras.layers.MultiHeadAttention(num_heads=2, key_dim=3, name="att"))
    assert type(layer) is keras.layers.MultiHeadAttention
    assert layer.get_config()["key_dim"] == 3
