"""Write the notebooks in vignettes/ (without outputs; CI executes them).

Kept as code so that a change to a notebook is a readable diff:
    python tools/make_notebooks.py
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

VIGNETTES = Path(__file__).resolve().parent.parent / "vignettes"


def mixed_r_python() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# R and Python in one notebook\n\n"
            "R makes the data and the arguments, Python calls `rbridge.layer_conv_1d_transpose` with "
            "those R objects as they are (an integer stays an integer, `NA` stays `NA`), and the result "
            "goes back to R. rpy2's `%%R` cells run R in this same process."),
        new_code_cell(
            "import os\n"
            "os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')\n"
            "import numpy as np\n"
            "import matplotlib.pyplot as plt\n"
            "from rpy2.robjects import default_converter, numpy2ri\n"
            "import rpy2.robjects as ro\n"
            "import rbridge\n"
            "# rpy2's %R magics, which also take rbridge's results (tensors) with -i\n"
            "%load_ext rbridge.ipython\n"
            "# rpy2's converters, with rbridge's last so that R's rules win (use it with -c bridge)\n"
            "bridge = default_converter + numpy2ri.converter + rbridge.converter"),
        new_markdown_cell("## R: the data and the arguments"),
        new_code_cell(
            "%%R\n"
            "t <- seq(0, 2 * pi, length.out = 32)\n"
            "# 2 signals (sin, cos), 32 steps, 1 channel: rbind puts the signals on the first axis\n"
            "x <- array(rbind(sin(t), cos(t)), dim = c(2, 32, 1))\n"
            "args <- list(filters = 1L, kernel_size = 3, strides = 2, padding = 'SAME', use_bias = FALSE,\n"
            "             weights = list(array(c(0.5, 1, 0.5), dim = c(3, 1, 1))))\n"
            "str(args[c('filters', 'kernel_size', 'strides', 'padding')])"),
        new_markdown_cell(
            "## Python: the layer, called with the R objects\n\n"
            "`ro.r['args']` is the R list itself; rbridge applies R keras's rules to each element "
            "(`kernel_size = 3` is a double in R and becomes the integer 3; `'SAME'` is case-insensitive)."),
        new_code_cell(
            "args = ro.r['args']\n"
            "kwargs = {name: args[i] for i, name in enumerate(args.names)}\n"
            "y = rbridge.layer_conv_1d_transpose(ro.r['x'], **kwargs)   # a tf.Tensor\n"
            "y.shape"),
        new_code_cell(
            "x = rbridge.convert.to_python(ro.r['x'])   # a NumPy view of R's memory, R's indexing\n"
            "fig, axes = plt.subplots(1, 2, figsize=(10, 3), sharey=True)\n"
            "for i, ax in enumerate(axes):\n"
            "    ax.plot(np.arange(32) * 2 + 1, x[i, :, 0], 'o', label='input (R)')\n"
            "    ax.plot(np.asarray(y)[i, :, 0], '.-', label='output (rbridge)')\n"
            "    ax.set_title(f'signal {i + 1}: 32 steps in, {y.shape[1]} out')\n"
            "axes[0].legend(loc='lower left')\n"
            "plt.show()"),
        new_markdown_cell(
            "## Back to R\n\n"
            "`-i y` hands rbridge's result (a tensor) to R as an R array with `dim`, indexed as in R "
            "(`y[2, 10, 1]` is signal 2, step 10). Add `-c bridge` to a cell to convert with R's rules "
            "both ways (`-o` then gives `NULL` in a list as `None`, length-1 vectors as scalars)."),
        new_code_cell(
            "%%R -i y\n"
            "print(dim(y))\n"
            "stopifnot(identical(dim(y), c(2L, 64L, 1L)))\n"
            "# step 2k of the output is input step k (the kernel's centre tap)\n"
            "stopifnot(isTRUE(all.equal(y[, seq(2, 64, by = 2), 1], x[, , 1], tolerance = 1e-6)))\n"
            "plot(y[2, , 1], type = 'o', pch = 20, col = 'steelblue', xlab = 'step', ylab = 'value',\n"
            "     main = 'cos, upsampled by rbridge, plotted by R')"),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})


def cross_language_verification() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell(
            "# Do R and Python give the same numbers?\n\n"
            "`rbridge.verify` replays R keras 2.15.0 cases through rbridge and compares configs, "
            "weights, shapes, outputs and errors with what R keras did. The bundled cases were "
            "recorded from the real R keras 2.15.0 on TensorFlow 2.15.1; with R keras installed, "
            "`python -m rbridge verify --live` compares with R keras run now, in this process."),
        new_code_cell(
            "import os\n"
            "os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '2')\n"
            "import copy, json, tempfile\n"
            "import numpy as np\n"
            "import matplotlib.pyplot as plt\n"
            "from rbridge import verify\n"
            "from rbridge.live import live_status\n"
            "print('live mode:', live_status())"),
        new_code_cell(
            "table = verify.verify()\n"
            "print(f\"{table['ok'].sum()}/{len(table)} cases agree, over {table['function'].nunique()} functions\")\n"
            "table.groupby('function')['ok'].agg(['sum', 'count']).rename(columns={'sum': 'agree', 'count': 'cases'})"),
        new_markdown_cell(
            "## How close the numbers are, function by function\n\n"
            "Outputs are compared at the layer's precision (float32: relative 1e-5 with an absolute "
            "floor of 1e-6). Each dot is a case whose numbers are fixed (given weights or constant "
            "initializers): the largest absolute error of its outputs, one row per function. Cases at "
            "~1e-16 compute in float64 or hit float32 results exactly."),
        new_code_cell(
            "numeric = table.dropna(subset=['output_max_abs_err'])\n"
            "functions = sorted(numeric['function'].unique())\n"
            "fig, ax = plt.subplots(figsize=(9, 5))\n"
            "for row, name in enumerate(functions):\n"
            "    errors = numeric.loc[numeric['function'] == name, 'output_max_abs_err'].clip(lower=1e-18)\n"
            "    ax.semilogx(errors, [row] * len(errors), 'o', color='steelblue', alpha=0.6)\n"
            "ax.axvline(1e-6, color='firebrick', ls='--', label='float32 absolute floor')\n"
            "ax.set_yticks(range(len(functions)), functions, fontsize=8)\n"
            "ax.set_xlabel('max absolute error of the outputs')\n"
            "ax.legend(loc='lower right')\n"
            "fig.tight_layout()\n"
            "plt.show()\n"
            "assert numeric['ok'].all()"),
        new_markdown_cell(
            "## Verifying your own call\n\n"
            "A case is R source for the arguments and the input, plus what R keras gave. In R keras, "
            "record the output as `{shape, data}` with `data` in C order:\n\n"
            "```r\n"
            "y <- as.array(layer_conv_1d_transpose(x, filters = 4, kernel_size = 3, strides = 2, ...))\n"
            "jsonlite::write_json(list(shape = dim(y), data = as.vector(aperm(y, length(dim(y)):1))),\n"
            "                     'my_output.json', digits = NA)\n"
            "```\n\n"
            "then put it in a case file and run `python -m rbridge verify --cases my_case.json`. Here the "
            "recorded output of a bundled case stands in for yours:"),
        new_code_cell(
            "mine = copy.deepcopy(verify.load_cases(ids=['numeric_s2_same_op1'])[0])\n"
            "mine['id'] = 'my_upsampling_call'\n"
            "print(mine['args'])\n"
            "folder = tempfile.mkdtemp()\n"
            "with open(os.path.join(folder, 'my_case.json'), 'w') as f:\n"
            "    json.dump(mine, f)\n"
            "verify.verify(verify.load_cases(folder))[['id', 'ok', 'output_max_abs_err', 'problems']]"),
        new_markdown_cell("A wrong number is caught (here one output value off by 0.001):"),
        new_code_cell(
            "wrong = copy.deepcopy(mine)\n"
            "wrong['result']['output']['data'][5] += 1e-3\n"
            "row = verify.verify([wrong]).iloc[0]\n"
            "print(row['ok'], row['problems'])\n"
            "assert not row['ok']"),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})


def main() -> None:
    for name, make in {"mixed-r-python.ipynb": mixed_r_python,
                       "cross-language-verification.ipynb": cross_language_verification}.items():
        nbformat.write(make(), VIGNETTES / name)


if __name__ == "__main__":
    main()
