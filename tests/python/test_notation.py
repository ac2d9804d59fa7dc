"""Errors speak the caller's language: Python notation for Python values, R notation for R
values (issue 19, problem 11)."""

from __future__ import annotations

import pytest

import rbridge


def test_a_python_value_is_shown_as_python_writes_it():
    with pytest.raises(rbridge.RArgumentError) as info:
        rbridge.layer_conv_2d(filters=4, kernel_size=[3])
    assert "Received: kernel_size=[3]" in str(info.value)
    assert "c(" not in str(info.value) and "3L" not in str(info.value)


def test_python_callers_read_none_not_null():
    with pytest.raises(rbridge.RArgumentError) as info:
        rbridge.layer_conv_1d_transpose(filters=4, kernel_size=2, padding="same", output_padding=0)
    message = str(info.value)
    assert "must be None or at least 1" in message and "NULL" not in message
    assert "Received: output_padding=0" in message


def test_r_values_keep_r_notation(r):
    with pytest.raises(rbridge.RArgumentError) as info:
        rbridge.layer_conv_2d(filters=4, kernel_size=r("list(3L)"))
    assert "Received: kernel_size = c(3L)" in str(info.value)


def test_python_notation_of_checks_made_after_coercion():
    import numpy as np

    with pytest.raises(rbridge.RArgumentError) as info:
        rbridge.layer_conv_2d(np.zeros((1, 4, 4, 2)), 4, 7)
    assert "Received: kernel_size=(7, 7)" in str(info.value)


def test_misspelt_keyword_is_a_type_error_naming_function_and_suggestion():
    with pytest.raises(TypeError, match=r"layer_conv_1d_transpose\(\) has no argument `filter`: did you mean `filters`"):
        rbridge.layer_conv_1d_transpose(filter=4, kernel_size=3)
