"""Coding reliability (issue 21): a blind coding sheet, and Krippendorff's alpha per judgement
field between the dataset's own coding and a second coder's.

    python -m rusdata.reliability sheet [--md PATH] [--json PATH]
    python -m rusdata.reliability alpha CODER.json [--out DIR]
    python -m rusdata.reliability recompute DIR/codings.csv

`fields` says what is coded and how it is measured; `sheet` writes the units (an opaque key and
the quotes only); `alpha` extracts the dataset's values from the built package, reads the second
coder's file, and writes both codings and the alphas (the `reliability` extra: krippendorff).
"""
